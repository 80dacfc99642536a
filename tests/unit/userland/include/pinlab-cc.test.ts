/**
 * PinLab's own C compiler (electron/userland/cc) reads the headers as gcc does.
 *
 * The other header tests prove, through gcc, that the headers carry the real values and layouts.
 * This one makes sure the machine's compiler sees the same thing: every header compiles in it on
 * its own, and a file of _Static_asserts built from gcc's answers (every integer constant's value,
 * every struct's size and alignment, every member's offset) compiles without an error. The
 * headers come from systemInclude(), i.e. from headers.generated.ts, as they do on the machine.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../../electron/userland/cc'
import { systemHeaderNames, systemInclude } from '../../../../electron/userland/include'
import { aggregates, allMacroNames, enumerators, gcc, lines, ourPrelude, Outputs, requireToolchain, valueMacros } from './toolchain'

const readFile = (path: string): string | null => (path.startsWith('/usr/include/') ? systemInclude(path) : null)

function pinlabCompile(source: string): { ok: boolean; stderr: string } {
  const r = compile({ path: '/root/check.c', source, readFile })
  return { ok: r.ok, stderr: r.stderr }
}

/** Constants that are not constant expressions (glibc computes them at run time). */
const RUNTIME = new Set(['SIGRTMIN', 'SIGRTMAX'])

describe("PinLab's cc and /usr/include", () => {
  it('compiles every header on its own, included twice', () => {
    const failures: string[] = []
    for (const h of systemHeaderNames()) {
      if (h.startsWith('bits/')) continue
      const r = pinlabCompile(`#include <${h}>\n#include <${h}>\nint main(void) { return 0; }\n`)
      if (!r.ok || r.stderr !== '') failures.push(`${h}:\n${r.stderr}`)
    }
    expect(failures).toEqual([])
  })

  const facts = new Outputs(() => {
    requireToolchain()
    const names = [...new Set([...valueMacros().map((m) => m.name), ...enumerators().map((e) => e.name)])].filter((n) => !RUNTIME.has(n))
    const printer = `
static void p(const char *n, const char *t, unsigned long long v) { printf("%s %s %llu\\n", n, t, v); }
static void q(const char *n, const char *t, ...) { (void)n; (void)t; }
#define KIND(x) _Generic((x), _Bool: "int", char: "int", signed char: "int", unsigned char: "int", short: "int", \\
  unsigned short: "int", int: "int", unsigned int: "int", long: "int", unsigned long: "int", long long: "int", \\
  unsigned long long: "int", default: "other")
#define P(n, x) _Generic((x), _Bool: p, char: p, signed char: p, unsigned char: p, short: p, unsigned short: p, int: p, \\
  unsigned int: p, long: p, unsigned long: p, long long: p, unsigned long long: p, default: q)(n, KIND(x), (x))
`
    const constants = lines(gcc(`${ourPrelude()}\n${printer}\nint main(void)\n{\n${names.map((n) => `  P("${n}", ${n});`).join('\n')}\n  return 0;\n}\n`, { ours: true, run: true }))
    const valueAsserts: string[] = []
    for (const [n, v] of constants) {
      const [kind, value] = v.split(' ')
      if (kind === 'int') valueAsserts.push(`_Static_assert((unsigned long long)(${n}) == ${value}ULL, "${n}");`)
    }

    const macros = allMacroNames()
    const layoutAsserts: string[] = []
    const probes: string[] = []
    for (const a of aggregates()) {
      probes.push(`  printf("%zu %zu %s\\n", sizeof(${a.type}), _Alignof(${a.type}), "${a.type}");`)
      for (const f of a.fields) {
        if (!f.path.split('.').every((part) => !part.startsWith('__') && !macros.has(part))) continue
        probes.push(`  printf("%zu -1 %s\\n", offsetof(${a.type}, ${f.path}), "${a.type}|${f.path}");`)
      }
    }
    for (const line of gcc(`${ourPrelude()}\nint main(void)\n{\n${probes.join('\n')}\n  return 0;\n}\n`, { ours: true, run: true }).split('\n')) {
      if (!line) continue
      const [first, second, ...rest] = line.split(' ')
      const what = rest.join(' ')
      if (second === '-1') {
        const [type, path] = what.split('|')
        layoutAsserts.push(`_Static_assert(offsetof(${type}, ${path}) == ${first}, "offsetof(${type}, ${path})");`)
      } else {
        layoutAsserts.push(`_Static_assert(sizeof(${what}) == ${first} && _Alignof(${what}) == ${second}, "${what}");`)
      }
    }
    return { valueAsserts, layoutAsserts }
  })

  it("evaluates every integer constant to gcc's value", () => {
    const { valueAsserts } = facts.get()
    expect(valueAsserts.length).toBeGreaterThan(1000)
    const r = pinlabCompile(`${ourPrelude()}\n${valueAsserts.join('\n')}\nint main(void) { return 0; }\n`)
    expect(r.stderr).toBe('')
    expect(r.ok).toBe(true)
  })

  it("lays out every struct and member as gcc does", () => {
    const { layoutAsserts } = facts.get()
    expect(layoutAsserts.length).toBeGreaterThan(500)
    const r = pinlabCompile(`${ourPrelude()}\n${layoutAsserts.join('\n')}\nint main(void) { return 0; }\n`)
    expect(r.stderr).toBe('')
    expect(r.ok).toBe(true)
  })

  it('notices a wrong fact (the checks can fail)', () => {
    const r = pinlabCompile(`#include <errno.h>\n_Static_assert(EFAULT == 15, "EFAULT");\nint main(void) { return 0; }\n`)
    expect(r.ok).toBe(false)
    expect(r.stderr).toContain('EFAULT')
  })
})
