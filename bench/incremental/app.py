import psutil
import six


def application(environ, start_response):
    body = f"cpus={psutil.cpu_count()} six={six.__version__}\n".encode()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]
