#!/bin/sh
# tests/check-core-split.sh — app/core never includes or links GTK (DESIGN §2).
# Usage: check-core-split.sh SOURCE_ROOT CORE_LIBRARY
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
src=$1
lib=$2
status=0

if grep -rnE '#include *<(gtk|adwaita|gdk)' "$src/app/core" "$src/app/sync" 2>/dev/null; then
  echo "FAIL: app/core or app/sync includes GTK headers (above)"
  status=1
fi

if command -v nm >/dev/null 2>&1; then
  if nm -u "$lib" 2>/dev/null | grep -E ' U (gtk_|adw_|gdk_)' | head -5 | grep .; then
    echo "FAIL: $lib uses GTK symbols (above)"
    status=1
  fi
fi

[ $status -eq 0 ] && echo "ok: app/core is GTK-free"
exit $status
