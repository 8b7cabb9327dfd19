#!/usr/bin/env bash
# tools/demo.sh — install what is needed, build, create a demo database and start Union Desk.
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: bash tools/demo.sh [MEMBERS]   (as root on Debian 12; MEMBERS defaults to 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-2000}

bash tools/setup.sh

db=${UD_DEMO_DB:-$HOME/.local/share/union-desk/demo.db}
if [ ! -f "$db" ]; then
  mkdir -p "$(dirname "$db")"
  # The demo administrator: user admin, password demo-password (README), given on stdin.
  printf 'demo-password\n' | ./build/app/cli/union-desk-cli --db "$db" --user admin demo --members "$members"
fi

export UD_LOCALEDIR="$PWD/build/po"
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting Union Desk on a virtual screen (xvfb); a screenshot goes to /tmp/union-desk.png" >&2
  exec xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- sh -c '
    GSK_RENDERER=cairo ./build/app/ui/union-desk --db "$0" & pid=$!
    sleep 5; import -window root /tmp/union-desk.png; wait $pid' "$db"
fi
exec ./build/app/ui/union-desk --db "$db"
