/**
 * Property tests of the string natives against a plain JS model, with the strings placed so
 * that they end right at the end of a mapping (the next page unmapped): like glibc, no function
 * may touch a byte past the terminator's page.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FlatMemory, PROT_READ, PROT_WRITE, type NativeContext } from '../../../../electron/userland/cc/index'
import { stringFunctions as S } from '../../../../electron/userland/libc/string'
import { makeEnv } from './helpers'

const A = 0x500000 // region [A, A + 2 pages), nothing mapped after it
const B = 0x600000

function setup(): { ctx: NativeContext; mem: FlatMemory; place: (base: number, s: string) => number } {
  const e = makeEnv()
  const mem = e.mem as FlatMemory
  mem.map(A, 8192, PROT_READ | PROT_WRITE)
  mem.map(B, 8192, PROT_READ | PROT_WRITE)
  const place = (base: number, s: string): number => {
    const p = base + 8192 - s.length - 1
    const b = new Uint8Array(s.length + 1)
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i)
    mem.write(p, b)
    return p
  }
  return { ctx: e.ctx, mem, place }
}

const str = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ',', ' ', 'Z', '\xff'), maxLength: 300 })

function jsCmp(a: string, b: string, n = Infinity, fold = false): number {
  const low = (c: number) => (fold && c >= 65 && c <= 90 ? c + 32 : c)
  for (let i = 0; i < n; i++) {
    const x = low(i < a.length ? a.charCodeAt(i) : 0)
    const y = low(i < b.length ? b.charCodeAt(i) : 0)
    if (x !== y || x === 0) return x - y
  }
  return 0
}

describe('string functions at the end of a mapping agree with a JS model', () => {
  it('strlen strchr strrchr strspn strcspn strpbrk strstr', () => {
    fc.assert(
      fc.property(str, str, fc.constantFrom(97, 98, 44, 0, 0xff, 0x161), (s, t, c) => {
        const { ctx, place } = setup()
        const p = place(A, s)
        const q = place(B, t)
        expect(S.strlen(ctx, [p])).toBe(s.length)
        const ch = String.fromCharCode(c & 255)
        const i = (c & 255) === 0 ? s.length : s.indexOf(ch)
        expect(S.strchr(ctx, [p, c])).toBe(i < 0 ? 0 : p + i)
        const r = (c & 255) === 0 ? s.length : s.lastIndexOf(ch)
        expect(S.strrchr(ctx, [p, c])).toBe(r < 0 ? 0 : p + r)
        let sp = 0
        while (sp < s.length && t.includes(s[sp])) sp++
        expect(S.strspn(ctx, [p, q])).toBe(sp)
        let cs = 0
        while (cs < s.length && !t.includes(s[cs])) cs++
        expect(S.strcspn(ctx, [p, q])).toBe(cs)
        expect(S.strpbrk(ctx, [p, q])).toBe(cs < s.length ? p + cs : 0)
        const needle = t.slice(0, 3)
        const k = s.indexOf(needle)
        expect(S.strstr(ctx, [p, place(B, needle)])).toBe(k < 0 ? 0 : p + k)
      }),
      { numRuns: 300 }
    )
  })

  it('strcmp strncmp strcasecmp strncasecmp', () => {
    fc.assert(
      fc.property(str, str, fc.nat(400), (s, t, n) => {
        const { ctx, place } = setup()
        const u = s + t // often a common prefix
        const p = place(A, s)
        const q = place(B, u)
        expect(S.strcmp(ctx, [p, q])).toBe(jsCmp(s, u))
        expect(S.strcmp(ctx, [q, p])).toBe(jsCmp(u, s))
        expect(S.strncmp(ctx, [p, q, n])).toBe(jsCmp(s, u, n))
        expect(S.strcasecmp(ctx, [p, q])).toBe(jsCmp(s, u, Infinity, true))
        expect(S.strncasecmp(ctx, [p, q, n])).toBe(jsCmp(s, u, n, true))
      }),
      { numRuns: 300 }
    )
  })

  it('strtok_r splits like a JS model and leaves NULs where glibc does', () => {
    fc.assert(
      fc.property(str, fc.constantFrom(',', ' ,', 'a', 'Z\xff', ''), (s, delims) => {
        const { ctx, mem, place } = setup()
        const p = place(A, s)
        const d = place(B, delims)
        const save = B + 16
        const toks: string[] = []
        for (let t = S.strtok_r(ctx, [p, d, save]) as number; t !== 0; t = S.strtok_r(ctx, [0, d, save]) as number) {
          let x = ''
          for (let i = t; mem.load8(i) !== 0; i++) x += String.fromCharCode(mem.load8(i))
          toks.push(x)
        }
        const model = delims === '' ? (s === '' ? [] : [s]) : s.split(new RegExp('[' + delims.replace(/[\]\\^-]/g, '\\$&') + ']')).filter((x) => x !== '')
        expect(toks).toEqual(model)
      }),
      { numRuns: 300 }
    )
  })

  it('memmove is memmove for any overlap, including across the chunk size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200000 }), fc.integer({ min: 0, max: 200000 }), fc.integer({ min: 0, max: 140000 }), (d, s, n) => {
        const e = makeEnv()
        const mem = e.mem as FlatMemory
        const R = 0x1000000
        mem.map(R, 400000, PROT_READ | PROT_WRITE)
        const init = new Uint8Array(400000)
        for (let i = 0; i < init.length; i++) init[i] = (i * 31 + (i >> 8)) & 255
        mem.write(R, init)
        S.memmove(e.ctx, [R + d, R + s, n])
        const model = init.slice()
        model.copyWithin(d, s, s + n)
        expect(Buffer.from(mem.read(R, 400000)).equals(Buffer.from(model))).toBe(true)
      }),
      { numRuns: 40 }
    )
  })
})
