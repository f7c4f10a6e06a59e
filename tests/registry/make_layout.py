#!/usr/bin/env python3
"""Writes an OCI image layout of N small layers, engine-free, for the registry test.

make_layout.py DIR N: layer k (1..N) is a gzip'd tar holding layer<k>.txt; everything is
deterministic (fixed times, owners, gzip header), so that the layouts of N and N+1 layers share
their first N layer blobs and differ in the config, the new layer and the manifest.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def put_blob(root, data):
    digest = hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(root, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def layer_tar(k):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        content = f"layer {k}\n".encode() * 1000
        info = tarfile.TarInfo(f"layer{k}.txt")
        info.size = len(content)
        info.mtime = 0
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def main():
    root, count = sys.argv[1], int(sys.argv[2])
    layers, diff_ids = [], []
    for k in range(1, count + 1):
        tar = layer_tar(k)
        diff_ids.append("sha256:" + hashlib.sha256(tar).hexdigest())
        compressed = gzip.compress(tar, mtime=0)
        layers.append(dict(mediaType="application/vnd.oci.image.layer.v1.tar+gzip",
                           **put_blob(root, compressed)))
    config = {"architecture": "amd64", "os": "linux",
              "config": {"Cmd": ["/bin/true"]},
              "rootfs": {"type": "layers", "diff_ids": diff_ids}}
    manifest = {"schemaVersion": 2,
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": dict(mediaType="application/vnd.oci.image.config.v1+json",
                               **put_blob(root, json.dumps(config, sort_keys=True).encode())),
                "layers": layers}
    descriptor = dict(mediaType="application/vnd.oci.image.manifest.v1+json",
                      **put_blob(root, json.dumps(manifest, sort_keys=True).encode()))
    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [descriptor]}, f)
    print(descriptor["digest"])


if __name__ == "__main__":
    main()
