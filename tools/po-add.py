#!/usr/bin/env python3
# tools/po-add.py — append zh_CN translations to po/zh_CN.po from a "msgid<TAB>msgstr" file,
# skipping msgids the catalogue already has; \n in FILE stands for a line break. Usage: tools/po-add.py FILE [po/zh_CN.po]
# SPDX-License-Identifier: GPL-3.0-or-later
import re, sys

def esc(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')

src = sys.argv[1]
po = sys.argv[2] if len(sys.argv) > 2 else 'po/zh_CN.po'
text = open(po, encoding='utf-8').read()
have = set()
for m in re.finditer(r'^msgid ((?:".*"\n?)+)', text, re.M):
    have.add(''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
out = []
for line in open(src, encoding='utf-8'):
    line = line.rstrip('\n')
    if not line or line.startswith('#'):
        continue
    msgid, msgstr = (part.replace('\\n', '\n') for part in line.split('\t'))
    if esc(msgid) in have:
        continue
    have.add(esc(msgid))
    out.append('\nmsgid "%s"\nmsgstr "%s"\n' % (esc(msgid), esc(msgstr)))
with open(po, 'a', encoding='utf-8') as f:
    f.write(''.join(out))
print('added', len(out))
