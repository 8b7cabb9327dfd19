#!/usr/bin/env bash
# tests/check-po.sh — the zh_CN catalogue translates every message, and POTFILES.in lists every
# file with translatable strings.
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: check-po.sh SOURCE_ROOT    (exit 0 pass, 1 fail, 77 skip)
set -uo pipefail

srcroot=${1:?usage: check-po.sh SOURCE_ROOT}
export LC_ALL=C.UTF-8 LANGUAGE=   # msgfmt --statistics output is translated otherwise

for tool in xgettext msgmerge msgfmt msgattrib; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

cd "$srcroot" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

# POTFILES.in without comments and blank lines.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in | sort -u > "$tmp/listed"

while read -r f; do
  if [ ! -f "$f" ]; then
    echo "FAIL: po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done < "$tmp/listed"

# Every file with translatable strings must be listed.
{
  find app -name '*.c' -print0 2>/dev/null \
    | xargs -0 -r grep -lE '(^|[^[:alnum:]_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\('
  find app -name '*.ui' -print0 2>/dev/null \
    | xargs -0 -r grep -lE 'translatable="(yes|true|1)"'
  find data -maxdepth 1 \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) \
    2>/dev/null
} | sed 's|^\./||' | sort -u > "$tmp/needed"

comm -23 "$tmp/needed" "$tmp/listed" > "$tmp/unlisted"
if [ -s "$tmp/unlisted" ]; then
  echo "FAIL: files with translatable strings missing from po/POTFILES.in:"
  sed 's/^/  /' "$tmp/unlisted"
  status=1
fi

# Extract as i18n.gettext (preset: 'glib') does: the same keywords; .ui, .desktop.in,
# .metainfo.xml.in and .gschema.xml are recognised by xgettext itself (ITS rules).
if ! xgettext --from-code=UTF-8 --add-comments --force-po --package-name=union-desk \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=ngettext:1,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
       --keyword=g_dpgettext2:2c,3 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_printerr:1:c-format \
       --flag=g_print:1:c-format --flag=g_snprintf:3:c-format \
       --flag=ud_set_field_error:4:c-format \
       --files-from="$tmp/listed" --output="$tmp/union-desk.pot"; then
  echo "FAIL: xgettext failed"
  exit 1
fi

if ! msgfmt --check --output-file=/dev/null po/zh_CN.po; then
  echo "FAIL: po/zh_CN.po does not compile cleanly"
  status=1
fi

if ! msgmerge --quiet --no-wrap --no-fuzzy-matching --output-file="$tmp/zh_CN.po" po/zh_CN.po "$tmp/union-desk.pot"; then
  echo "FAIL: msgmerge failed"
  exit 1
fi

stats=$(msgfmt --check --statistics --output-file=/dev/null "$tmp/zh_CN.po" 2>&1)
echo "zh_CN: $stats"
case $stats in
  *untranslated*|*fuzzy*)
    status=1
    echo "FAIL: zh_CN is incomplete. Untranslated:"
    msgattrib --untranslated --no-obsolete --no-wrap "$tmp/zh_CN.po" | grep -E '^(#:|msgctxt|msgid)' \
      | grep -vx 'msgid ""' | sed 's/^/  /'
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/zh_CN.po" | grep -E '^(#:|msgctxt|msgid)' \
      | grep -vx 'msgid ""' | sed 's/^/  /' > "$tmp/fuzzy"
    if [ -s "$tmp/fuzzy" ]; then
      echo "Fuzzy (marked for review in po/zh_CN.po):"
      cat "$tmp/fuzzy"
    fi
    ;;
esac

obsolete=$(msgattrib --only-obsolete "$tmp/zh_CN.po" | grep -c '^#~ msgid' || true)
if [ "${obsolete:-0}" -gt 0 ]; then
  echo "note: po/zh_CN.po has $obsolete messages no longer in the sources"
fi

[ $status -eq 0 ] && echo "PASS"
exit $status
