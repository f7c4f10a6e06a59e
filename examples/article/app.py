"""The smallest WSGI application: proves that uWSGI in the image really serves."""


def application(environ, start_response):
    body = b"Hello from a slim PyWheelImage container\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
