#!/usr/bin/env bash
# Installs gosplan's build and test dependencies from Debian packages, only those missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libomp-dev
  coinor-libclp-dev coinor-clp clang-format zlib1g-dev libsqlite3-dev
  python3-scipy python3-numpy python3-pandas python3-dev pybind11-dev python3-pytest
  libopenblas-dev
  # The distributed backend (gosplan io --backend petsc, docs/distributed.md): PETSc over OpenMPI.
  # PETSc's own BLAS/LAPACK is the libblas.so.3 alternative; gosplan links OpenBLAS by name
  # (CMakeLists.txt) and loads PETSc only inside gosplan-petsc.so, so neither changes the other's.
  libpetsc-real-dev openmpi-bin
)
# Optional: headless chromium loads the HTML report in tests/report_browser_test.cc, which skips
# (saying why) where it is missing; a machine that cannot install it builds and tests the rest.
optional_packages=(chromium)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
optional_missing=()
for package in "${optional_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    optional_missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ] && [ ${#optional_missing[@]} -eq 0 ]; then
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q >/dev/null || true
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ${#optional_missing[@]} -gt 0 ]; then
  echo "installing (optional): ${optional_missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${optional_missing[@]}" >/dev/null ||
    echo "warning: could not install ${optional_missing[*]}; the browser test of gosplan report" \
      "will be skipped" >&2
fi
