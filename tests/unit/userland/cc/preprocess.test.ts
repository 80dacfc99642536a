import { describe, expect, it } from 'vitest'
import { Preprocessor } from '../../../../electron/userland/cc/preprocess'
import { Diagnostics } from '../../../../electron/userland/cc/diag'

function pp(src: string, files: Record<string, string> = {}, path = '/src/main.c') {
  const d = new Diagnostics()
  const p = new Preprocessor({ readFile: (f) => files[f] ?? null }, d)
  let text = ''
  try {
    const toks = p.preprocessFile(path, src)
    text = toks.filter((t) => t.k !== 'eof').map((t) => t.v).join(' ')
  } catch {
    /* fatal */
  }
  return { text, diags: d.list }
}

describe('preprocessor', () => {
  it('expands object-like and function-like macros', () => {
    expect(pp('#define N 10\n#define SQ(x) ((x)*(x))\nN SQ(N+1)').text).toBe('10 ( ( 10 + 1 ) * ( 10 + 1 ) )')
  })
  it('handles variadic macros and GNU comma pasting', () => {
    expect(pp('#define L(f, ...) p(f, __VA_ARGS__)\n#define M(f, ...) p(f, ##__VA_ARGS__)\nL(a, 1, 2) M(b)').text).toBe('p ( a , 1 , 2 ) p ( b )')
  })
  it('stringizes and pastes', () => {
    expect(pp('#define S(x) #x\n#define C(a,b) a##b\nS(a  "q\\n" b) C(x, 1) C(, y)').text).toBe('"a \\"q\\\\n\\" b" x1 y')
  })
  it('follows the hide-set rules (no infinite recursion)', () => {
    expect(pp('#define foo foo + 1\n#define f(a) a*g\n#define g(a) f(a)\nfoo f(2)(9)').text).toBe('foo + 1 2 * 9 * g')
  })
  it('evaluates #if/#elif/#else with defined and 64-bit arithmetic', () => {
    const src = '#define A 2\n#if defined(B)\nb\n#elif A * 3 == 6 && 0xffffffffffffffff > 0 && -1 < 0\nyes\n#else\nno\n#endif\n#ifndef A\nx\n#else\ny\n#endif'
    expect(pp(src).text).toBe('yes y')
  })
  it('skips false groups entirely, even unterminated quotes', () => {
    expect(pp("#if 0\nit's not C\n#if 1\nnested\n#endif\n#endif\nok").text).toBe('ok')
  })
  it('predefines the gcc/x86-64 macros', () => {
    expect(pp('__x86_64__ __linux__ __GNUC__ __STDC__ __LP64__ __SIZEOF_LONG__ __CHAR_BIT__ __INT_MAX__').text).toBe('1 1 12 1 1 8 8 0x7fffffff')
  })
  it('expands __FILE__ and __LINE__', () => {
    expect(pp('\n__LINE__ __FILE__').text).toBe('2 "/src/main.c"')
  })
  it('resolves "…" includes next to the including file first, then the include path', () => {
    const files = { '/src/inc/a.h': '#include "b.h"\nA', '/src/inc/b.h': 'B_LOCAL', '/usr/include/b.h': 'B_SYS', '/usr/include/c.h': 'C' }
    expect(pp('#include "inc/a.h"\n#include <b.h>\n#include "c.h"', files).text).toBe('B_LOCAL A B_SYS C')
  })
  it('honours #pragma once', () => {
    const files = { '/src/once.h': '#pragma once\nONCE' }
    expect(pp('#include "once.h"\n#include "once.h"', files).text).toBe('ONCE')
  })
  it('reports #error, #warning and a missing include like gcc', () => {
    const r = pp('#warning careful\n#error stop here')
    expect(r.diags.map((d) => `${d.line}:${d.col} ${d.severity}: ${d.message}`)).toEqual(['1:2 warning: #warning careful [-Wcpp]', '2:2 error: #error stop here'])
    const m = pp('#include <missing.h>\n')
    expect(m.diags[0]).toMatchObject({ severity: 'fatal error', message: 'missing.h: No such file or directory', line: 1, col: 10 })
  })
  it('reports unterminated conditionals', () => {
    expect(pp('#if 1\nx').diags[0].message).toBe('unterminated #if')
  })
})
