import { describe, expect, it } from 'vitest'
import { compile } from '../../../../electron/userland/cc/index'
import { FlatMemory } from '../../../../electron/userland/cc/memory'
import { execImage } from '../../../../electron/userland/cc/loader'
import { DONE, currentLocation, type NativeLibrary } from '../../../../electron/userland/cc/vm'
import { TEST_HEADERS, testLibc } from '../../../../electron/userland/cc/testlibc'
import { HDR, runC } from './helpers'

const rf = (p: string) => TEST_HEADERS[p.replace('/usr/include/', '')] ?? null

describe('process image replacement and locations', () => {
  it('execImage replaces the program the thread runs (execve)', () => {
    const second = compile({ path: '/b.c', source: HDR + 'int main(int argc, char **argv) { printf("second %s\\n", argv[1]); return 5; }', readFile: rf, libs: [testLibc()] })
    expect(second.ok).toBe(true)
    const lib: NativeLibrary = {
      functions: {
        do_exec: (ctx) => {
          const mem = new FlatMemory()
          const { proc } = execImage(ctx.thread, second.image!, mem, { argv: ['b', 'arg'] })
          proc.libc.sys = ctx.proc.libc.sys
          return DONE
        }
      }
    }
    const r = runC(HDR + 'int do_exec(void);\nint main(void) { printf("first\\n"); fflush(stdout); do_exec(); printf("not reached\\n"); return 1; }', { extraLibs: [lib] })
    expect(r.stdout).toBe('first\nsecond arg\n')
    expect(r.status).toBe(5)
  })
  it('reports the faulting function and source line', () => {
    const r = runC('int deref(int *p) {\n  return *p;\n}\nint main(void) {\n  int r = deref(0);\n  r++;\n  return r;\n}\n')
    expect(r.signal).toBe('SIGSEGV')
    expect(currentLocation(r.threads[0])).toEqual([
      { func: 'deref', line: 2 },
      { func: 'main', line: 5 }
    ])
  })
})
