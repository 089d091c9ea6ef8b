#!/usr/bin/env bash
# Installs the Debian packages sorn needs, only those that are missing. Idempotent.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  openmpi-bin libopenmpi-dev
  libpetsc-real-dev
  libhdf5-openmpi-dev hdf5-tools
  libboost-program-options-dev
  librandom123-dev
  libgtest-dev libbenchmark-dev time
  python3 python3-dev python3-numpy python3-scipy python3-h5py python3-matplotlib
  pybind11-dev python3-pybind11 python3-mpi4py
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
