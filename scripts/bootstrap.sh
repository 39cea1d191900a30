#!/usr/bin/env bash
# Installs what khaosat needs, once: on Debian as root the system libraries Qt needs (and the
# tools the tests use), then a local virtualenv .venv with the Python packages.
# Called by scripts/run.sh and scripts/test.sh; safe to run again (does nothing when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."
want_test_tools=${1:-}

apt_packages=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxcb-randr0 fonts-liberation2)
if [[ $want_test_tools == --test ]]; then
  # softhsm2 + opensc: a PKCS#11 token for the signing tests (tests/bundle).
  # binutils: objdump, strip and readelf, which PyInstaller and build_installer.spec use for
  # the frozen-build check (scripts/build_check.sh, run by scripts/test.sh).
  apt_packages+=(poppler-utils xvfb xauth xdotool softhsm2 opensc binutils)
fi

apt_install() {
  command -v apt-get >/dev/null && command -v dpkg-query >/dev/null || return 0
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  if [[ $(id -u) == 0 ]]; then
    echo "bootstrap: apt-get install ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: please install (as root): apt-get install ${missing[*]}" >&2
  fi
}
apt_install "${apt_packages[@]}"

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then
  apt_install python3 python3-venv  # a fresh Debian may have no Python at all
fi
# Debian's own Python keeps venv and the shared libpython (PyInstaller needs it to freeze the
# program) in packages of their own.
interpreter=$(readlink -f .venv/bin/python 2>/dev/null || readlink -f "$(command -v "$python")")
if command -v dpkg-query >/dev/null && dpkg-query -S "$interpreter" >/dev/null 2>&1; then
  version=$("$interpreter" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  apt_install "python$version-venv" "libpython$version"
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "bootstrap: creating .venv" >&2
  "$python" -m venv .venv
fi
stamp=.venv/.khaosat-installed
extras=dev,build  # build: PyInstaller, for the frozen-build check that scripts/test.sh runs
if [[ ! -f $stamp ]] || [[ pyproject.toml -nt $stamp ]] || ! grep -qx "$extras" "$stamp"; then
  echo "bootstrap: installing Python packages into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[$extras]"
  echo "$extras" > "$stamp"
fi
