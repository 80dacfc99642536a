import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runC } from './helpers'

/** Random struct/union layouts (with bit-fields, nesting, arrays) compared with gcc. */
const TYPES = ['char', 'unsigned char', 'short', 'int', 'unsigned', 'long', 'double', 'float', 'char *', 'long long']
const BITTYPES: [string, number][] = [['unsigned', 32], ['int', 32], ['unsigned char', 8], ['unsigned short', 16], ['unsigned long', 64], ['long', 64]]

type Field = { decl: string; name: string; bit?: number; bits?: number; signed?: boolean; arr?: number }

const fieldArb: fc.Arbitrary<Omit<Field, 'name'>> = fc.oneof(
  fc.tuple(fc.constantFrom(...TYPES), fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 })).map(([t, n]) => ({ decl: t, arr: n ?? undefined })),
  fc.constantFrom(...BITTYPES).chain(([t, w]) => fc.integer({ min: 1, max: w - 1 }).map((bits) => ({ decl: t, bit: bits, bits, signed: !t.startsWith('unsigned') })))
)

describe.runIf(existsSync('/usr/bin/gcc'))('struct layout matches gcc', () => {
  it('random structs and unions: sizeof, alignment, offsets and bit-field round trips', () => {
    const structs = fc.sample(fc.tuple(fc.boolean(), fc.array(fieldArb, { minLength: 1, maxLength: 8 })), { numRuns: 60, seed: 777 })
    let defs = ''
    let body = ''
    structs.forEach(([isUnion, fields], si) => {
      const fs: Field[] = fields.map((f, i) => ({ ...f, name: `m${i}` }))
      defs += `${isUnion ? 'union' : 'struct'} S${si} { ${fs.map((f) => (f.bit ? `${f.decl} ${f.name} : ${f.bit};` : `${f.decl} ${f.name}${f.arr ? `[${f.arr}]` : ''};`)).join(' ')} };\n`
      body += `  printf("S${si} %zu %zu", sizeof(${isUnion ? 'union' : 'struct'} S${si}), _Alignof(${isUnion ? 'union' : 'struct'} S${si}));\n`
      body += `  { ${isUnion ? 'union' : 'struct'} S${si} v; memset(&v, 0, sizeof v);\n`
      for (const f of fs) {
        if (f.bit) {
          const val = f.signed ? `-(1L << ${Math.max(0, f.bits! - 2)})` : `~0UL`
          body += `    v.${f.name} = ${val}; printf(" %lld", (long long)v.${f.name});\n`
        } else body += `    printf(" %zu", __builtin_offsetof(${isUnion ? 'union' : 'struct'} S${si}, ${f.name}));\n`
      }
      body += `    unsigned char *p = (unsigned char *)&v; unsigned h = 0; for (size_t i = 0; i < sizeof v; i++) h = h * 31 + p[i]; printf(" h=%u\\n", h); }\n`
    })
    const src = `#include <stdio.h>\n#include <string.h>\n${defs}int main(void) {\n${body}  return 0;\n}\n`
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-layout-'))
    writeFileSync(join(dir, 'l.c'), src)
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'l'), join(dir, 'l.c')])
    const native = execFileSync(join(dir, 'l'), { encoding: 'latin1' }).split('\n')
    const r = runC(src)
    expect(r.compile.ok, r.compile.stderr).toBe(true)
    const vm = r.stdout.split('\n')
    const diffs = native.map((l, i) => (l !== vm[i] ? `native ${l} | vm ${vm[i]}` : null)).filter((x) => x)
    expect(diffs.slice(0, 5)).toEqual([])
  })
})
