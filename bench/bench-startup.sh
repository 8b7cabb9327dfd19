#!/bin/sh
# bench/bench-startup.sh — time from process start to the first painted window, and the peak
# memory after scrolling the member list to its middle and end, on a given database.
# Usage: bench/bench-startup.sh BUILD_DIR DATABASE USER [RUNS]   (the password on standard input)
# The app logs in as USER with the password handed over on file descriptor 3, as a person would.
# Runs under its own Xvfb and session bus. Prints figures; not a timed test.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build=$1
db=$2
user=$3
runs=${4:-3}
IFS= read -r password
export GSK_RENDERER=cairo UD_NON_UNIQUE=1 UD_BENCH_STARTUP=1 GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data" UD_LOCALEDIR="$build/po"
export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN UD_BENCH_USER="$user" UD_BENCH_PASSWORD_FD=3
# Xvfb has no GPU: GL would load Mesa's software rasteriser (libLLVM, ~50 MB) that a desktop
# with a GPU driver does not. Leave it out so the figure is the app's own memory.
export GDK_DEBUG=gl-disable
i=0
while [ $i -lt "$runs" ]; do
  printf '%s\n' "$password" | xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
    "$build/app/ui/union-desk" --db "$db" 3<&0 2>/dev/null \
    | grep -E 'login-window-ms|first-paint-ms|peak-rss-kb'
  i=$((i + 1))
done
