#!/usr/bin/env bash
# tools/test.sh — build with warnings as errors and run the whole suite (unit, CLI, UI under Xvfb).
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh || exit 1

# UI tests need a display and a session bus; each test runs inside this one session.
dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \
  meson test -C build --print-errorlogs --num-processes 2 "$@"
status=$?

# A closing line CI can read: counts from meson's own log.
python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line).get('result')
    if r in ('OK', 'EXPECTEDFAIL'): passed += 1
    elif r == 'SKIP': skipped += 1
    else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
