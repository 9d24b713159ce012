#!/bin/sh
# Makes sure the base has Python 3.11 with venv: python:3.11 images have it; Debian bookworm gets
# it from apt; Ubuntu (the CUDA runtime bases) from the deadsnakes archive.
set -eu
if command -v python3.11 >/dev/null && python3.11 -c 'import venv, ensurepip' 2>/dev/null; then exit 0; fi
. /etc/os-release
export DEBIAN_FRONTEND=noninteractive
apt-get update
case "$ID" in
  debian) apt-get install -y --no-install-recommends python3.11 python3.11-venv ;;
  ubuntu)
    apt-get install -y --no-install-recommends software-properties-common gpg-agent
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    ;;
  *) echo "install-python.sh: no recipe for $ID; use a base with Python 3.11" >&2; exit 1 ;;
esac
rm -rf /var/lib/apt/lists/*
