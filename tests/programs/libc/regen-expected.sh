#!/bin/sh
# Regenerates NAME.expected (and NAME.status when non-zero) for the libc programs by compiling
# and running them NATIVELY against glibc: the expectations are glibc's, never PinLab's output.
# -fno-builtin keeps gcc from folding calls such as strcmp("a","b") at compile time, so the
# native run exercises the library functions themselves.
# Usage: tests/programs/libc/regen-expected.sh [NAME.c ...]
set -u
cd "$(dirname "$0")"
[ $# -eq 0 ] && set -- *.c
for src in "$@"; do
  name=${src%.c}
  gcc -O0 -w -fno-builtin -o /tmp/pinlab-libc-$$ "$src" -lm || { echo "gcc failed: $src" >&2; continue; }
  /tmp/pinlab-libc-$$ > "$name.expected" 2>/dev/null
  st=$?
  if [ $st -ne 0 ]; then echo $st > "$name.status"; else rm -f "$name.status"; fi
done
rm -f /tmp/pinlab-libc-$$
