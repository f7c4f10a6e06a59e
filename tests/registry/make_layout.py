#!/usr/bin/env python3
"""Writes an OCI image layout of N small layers, engine-free, for the registry test.

make_layout.py DIR N [BIG_MIB]: layer k (1..N) is a gzip'd tar holding layer<k>.txt; everything
is deterministic (fixed times, owners, gzip header), so that the layouts of N and N+1 layers
share their first N layer blobs and differ in the config, the new layer and the manifest. With
BIG_MIB, one more layer: an uncompressed tar of that many MiB of random bytes, written in
pieces, to show that the push streams it.
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


def big_layer(root, mib):
    """An uncompressed tar of MIB MiB of random bytes, written and digested in pieces."""
    tmp = os.path.join(root, "big.tar")
    os.makedirs(root, exist_ok=True)
    with open(tmp, "wb") as out:
        info = tarfile.TarInfo("big.bin")
        info.size = mib * 1024 * 1024
        out.write(info.tobuf(format=tarfile.PAX_FORMAT))
        for _ in range(mib):
            out.write(os.urandom(1024 * 1024))
        out.write(b"\0" * (2 * tarfile.RECORDSIZE))
    digest = hashlib.sha256()
    with open(tmp, "rb") as f:
        for piece in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(piece)
    size = os.path.getsize(tmp)
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
    os.replace(tmp, os.path.join(root, "blobs", "sha256", digest.hexdigest()))
    return "sha256:" + digest.hexdigest(), {
        "mediaType": "application/vnd.oci.image.layer.v1.tar",
        "digest": "sha256:" + digest.hexdigest(), "size": size}


def main():
    root, count = sys.argv[1], int(sys.argv[2])
    layers, diff_ids = [], []
    for k in range(1, count + 1):
        tar = layer_tar(k)
        diff_ids.append("sha256:" + hashlib.sha256(tar).hexdigest())
        compressed = gzip.compress(tar, mtime=0)
        layers.append(dict(mediaType="application/vnd.oci.image.layer.v1.tar+gzip",
                           **put_blob(root, compressed)))
    if len(sys.argv) > 3:
        diff_id, descriptor = big_layer(root, int(sys.argv[3]))
        diff_ids.append(diff_id)
        layers.append(descriptor)
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
