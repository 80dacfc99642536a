#!/bin/sh
# Regenerates NAME.expected (and NAME.status when non-zero) for the systems programs by
# compiling and running them NATIVELY on this Linux 6.18 machine (gcc -O0, stdin from
# /dev/null, stdout to a file, working directory a fresh temporary folder): the expectations
# are what the real kernel and glibc print, never PinLab's own output.
# Per-version expectations (NAME.<version>.expected) are written by hand from the reference
# and cite it in the program's comment. Usage: tests/programs/regen-systems.sh [NAME.c ...]
set -u
here=$(cd "$(dirname "$0")/systems" && pwd)
cd "$here"
[ $# -eq 0 ] && set -- *.c
work=$(mktemp -d)
for src in "$@"; do
  name=${src%.c}
  libs=""
  grep -q '#include <liburing.h>' "$here/$src" && libs="-luring"
  grep -q 'infiniband/verbs.h' "$here/$src" && libs="$libs -libverbs"
  gcc -O0 -w -o "$work/prog" "$here/$src" $libs || { echo "gcc failed: $src" >&2; continue; }
  (cd "$work" && ./prog < /dev/null > "$here/$name.expected" 2>/dev/null)
  st=$?
  if [ $st -ne 0 ]; then echo $st > "$name.status"; else rm -f "$name.status"; fi
done
rm -rf "$work"
