#!/usr/bin/env bash
# The article example: builds its slim image (image-small) with PyWheelImage, the article's own
# images for comparison, and prints the size table (also written to build/article/sizes.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -G Ninja -S examples/article -B build/article
cmake --build build/article --target image-small
cmake --build build/article --target image-big image-uninstall image-article-small image-article-small-fixed
cmake --build build/article --target image-sizes
# The article's multi-stage recipes leave their thrown-away stage behind as a dangling image.
docker image prune -f --filter label=pywheelimage.article-recipe=1 >/dev/null
