#!/usr/bin/env bash
# tools/setup.sh — install Debian 12 packages, the zh_CN locale, and build Union Desk into ./build.
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: bash tools/setup.sh [extra meson options]   (as root on a fresh machine; idempotent)
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v '^#' tools/packages.txt)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Simplified Chinese needs a zh_CN locale (the translation test and the screenshots use it).
if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$'; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi

if [ ! -f build/build.ninja ]; then
  meson setup build --werror "$@"
else
  meson configure build --werror "$@" >/dev/null
fi
ninja -C build
