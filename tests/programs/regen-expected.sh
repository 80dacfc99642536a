#!/bin/sh
# Regenerates NAME.expected (and NAME.status when non-zero) for the C conformance programs
# by compiling and running them NATIVELY with gcc -O0: the expectations are real C, never
# the VM's own output. Usage: tests/programs/regen-expected.sh [NAME.c ...]
set -u
cd "$(dirname "$0")/conformance"
[ $# -eq 0 ] && set -- *.c
for src in "$@"; do
  name=${src%.c}
  gcc -O0 -w -o /tmp/pinlab-conf-$$ "$src" || { echo "gcc failed: $src" >&2; continue; }
  /tmp/pinlab-conf-$$ > "$name.expected" 2>/dev/null
  st=$?
  if [ $st -ne 0 ]; then echo $st > "$name.status"; else rm -f "$name.status"; fi
done
rm -f /tmp/pinlab-conf-$$
