#!/usr/bin/env bash
# Installs what is missing (Debian packages), builds gosplan with its tests and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
