import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { compile } from '../../../../electron/userland/cc/index'
import { HDR, runC } from './helpers'

const hostHeaders = existsSync('/usr/include/stdio.h') && existsSync('/usr/include/x86_64-linux-gnu')

describe('real-world headers and builtins', () => {
  it.runIf(hostHeaders)("parses the host's glibc headers (what /usr/include will look like)", () => {
    const hs = ['stdio.h', 'stdlib.h', 'string.h', 'unistd.h', 'fcntl.h', 'errno.h', 'sys/mman.h', 'sys/wait.h', 'sys/stat.h', 'sys/uio.h', 'sys/ioctl.h', 'sys/resource.h', 'pthread.h', 'signal.h', 'time.h', 'ctype.h', 'math.h', 'inttypes.h', 'assert.h', 'stdint.h', 'stddef.h', 'stdbool.h', 'limits.h']
    const src = '#define _GNU_SOURCE\n' + hs.map((h) => `#include <${h}>`).join('\n') + '\nint main(void) { return 0; }\n'
    const r = compile({ path: '/t.c', source: src, includePath: ['/usr/include/x86_64-linux-gnu', '/usr/include'], readFile: (p) => (existsSync(p) ? readFileSync(p, 'latin1') : null) })
    expect(r.stderr).toBe('')
    expect(r.ok).toBe(true)
  })
  it('implements gcc builtins without a libc', () => {
    const r = runC(
      HDR +
        'int main(void) { char b[8]; __builtin_memset(b, 0, 8); __builtin_memcpy(b, "abc", 4);\n' +
        'printf("%x %x %lx %d %d %d %d %d %zu\\n", __builtin_bswap16(0x1234), __builtin_bswap32(0x11223344u), __builtin_bswap64(0x0102030405060708UL), __builtin_clz(1), __builtin_ctzll(1ULL << 40), __builtin_popcountl(~0UL), __builtin_ffs(8), __builtin_parity(7), __builtin_strlen(b));\n' +
        'return 0; }'
    )
    expect(r.stdout).toBe('3412 44332211 807060504030201 31 40 64 4 1 3\n')
  })
  it('does not emit unreferenced static functions (their undefined callees need not link)', () => {
    const r = compile({ path: 'x.c', source: 'int missing(int);\nstatic inline int unused(int x) { return missing(x); }\nint main(void) { return 0; }\n' })
    expect(r.ok).toBe(true)
    const bad = compile({ path: 'x.c', source: 'int missing(int);\nint main(void) { return missing(1); }\n' })
    expect(bad.stderr).toBe("/usr/bin/ld: /tmp/ccPinLab.o: in function `main':\nx.c:(.text+0x0): undefined reference to `missing'\ncollect2: error: ld returned 1 exit status\n")
  })
})
