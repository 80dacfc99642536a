/**
 * <string.h> (and <strings.h>): the memory and string functions, with glibc's behaviour.
 *
 * Every access goes through the process's {@link Memory}, in bulk (read/write/fill of up to a
 * page or {@link CHUNK} bytes at a time, never crossing into a page the C function would not
 * touch: a string scan reads at most up to the end of the page holding the next byte it needs,
 * just as glibc's aligned vector loads do). A bad pointer therefore faults exactly where glibc
 * faults: `strlen(NULL)` throws a MemoryFault at address 0, which the VM turns into SIGSEGV.
 *
 * Values returned: pointers as numbers (NULL = 0); comparison functions return the difference
 * of the first differing bytes as unsigned char (after tolower for the case-insensitive ones),
 * which is what glibc 2.36's x86-64 AVX2 strcmp/strncmp/strcasecmp/memcmp return on the
 * reference machine (C only guarantees the sign; other glibc variants may return ±1).
 *
 * strdup/strndup allocate with the program's `malloc`: when the program links a `malloc` symbol
 * (its own C malloc, interposed as with the dynamic linker, or libc's native one) the call is
 * made through a {@link NativeCall}, so a C allocator runs as real C; otherwise the `malloc`
 * NativeFn given to {@link makeStringFunctions} is called directly. With neither, they fail
 * with ENOMEM. See {@link callMalloc}.
 */
import type { Value } from '../cc/ast'
import { type Memory, PAGE_SIZE } from '../cc/memory'
import type { NativeContext, NativeFn } from '../cc/vm'
import { CHUNK, MAX, copyBytes, cstrBytes, cstrlen, int, pageChunk, ptr, readBounded, size } from './user-memory'
import { callMalloc, staticString } from './malloc-call'
import { strverscmp } from './strverscmp'

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

// ---------------------------------------------------------------------------------------------

export interface StringOptions {
  /** the native malloc used by strdup/strndup when the program has no `malloc` symbol */
  malloc?: NativeFn
}

/** The <string.h>/<strings.h> natives. */
export function makeStringFunctions(opts: StringOptions = {}): Record<string, NativeFn> {
  const strtokImpl = (ctx: NativeContext, sv: Value, delimP: Value, load: () => number, store: (v: number) => void): number => {
    const m = ctx.mem
    let s = ptr(sv)
    // glibc's __strtok_r, step by step (strtok(NULL, …) before any string faults on NULL)
    if (s === 0) s = load()
    if (m.load8(s) === 0) {
      store(s)
      return 0
    }
    const set = byteSet(m, ptr(delimP))
    s += span(m, s, set, true)
    if (m.load8(s) === 0) {
      store(s)
      return 0
    }
    const tok = s
    const e = tok + span(m, tok, set, false)
    if (m.load8(e) === 0) store(e)
    else {
      m.store8(e, 0)
      store(e + 1)
    }
    return tok
  }

  const f: Record<string, NativeFn> = {
    memset: (ctx, a) => {
      const n = size(a[2])
      if (n > 0) ctx.mem.fill(ptr(a[0], 'write'), int(a[1]) & 255, n)
      return a[0]
    },
    bzero: (ctx, a) => {
      const n = size(a[1])
      if (n > 0) ctx.mem.fill(ptr(a[0], 'write'), 0, n)
    },
    explicit_bzero: (ctx, a) => {
      const n = size(a[1])
      if (n > 0) ctx.mem.fill(ptr(a[0], 'write'), 0, n)
    },
    memcpy: (ctx, a) => {
      copyBytes(ctx.mem, ptr(a[0], 'write'), ptr(a[1]), size(a[2]))
      return a[0]
    },
    memmove: (ctx, a) => {
      copyBytes(ctx.mem, ptr(a[0], 'write'), ptr(a[1]), size(a[2]))
      return a[0]
    },
    mempcpy: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const n = size(a[2])
      copyBytes(ctx.mem, d, ptr(a[1]), n)
      return d + n
    },
    memccpy: (ctx, a) => {
      const m = ctx.mem
      const d = ptr(a[0], 'write')
      const s = ptr(a[1])
      const c = int(a[2]) & 255
      const n = size(a[3])
      const i = findByte(m, s, c, n)
      if (i < 0) {
        copyBytes(m, d, s, n)
        return 0
      }
      copyBytes(m, d, s, i + 1)
      return d + i + 1
    },
    memcmp: (ctx, a) => {
      const m = ctx.mem
      const p = ptr(a[0])
      const q = ptr(a[1])
      const n = size(a[2])
      for (let off = 0; off < n; off += CHUNK) {
        const k = Math.min(CHUNK, n - off)
        const x = m.read(p + off, k)
        const y = m.read(q + off, k)
        for (let i = 0; i < k; i++) if (x[i] !== y[i]) return x[i] - y[i]
      }
      return 0
    },
    bcmp: (ctx, a) => (f.memcmp(ctx, a) as number) === 0 ? 0 : 1,
    memchr: (ctx, a) => {
      const p = ptr(a[0])
      const i = findByte(ctx.mem, p, int(a[1]) & 255, size(a[2]))
      return i < 0 ? 0 : p + i
    },
    rawmemchr: (ctx, a) => {
      const p = ptr(a[0])
      return p + findByte(ctx.mem, p, int(a[1]) & 255, MAX)
    },
    memrchr: (ctx, a) => {
      const m = ctx.mem
      const p = ptr(a[0])
      const c = int(a[1]) & 255
      const n = size(a[2])
      for (let end = n; end > 0; end -= CHUNK) {
        const k = Math.min(CHUNK, end)
        const b = m.read(p + end - k, k)
        const i = b.lastIndexOf(c)
        if (i >= 0) return p + end - k + i
      }
      return 0
    },
    strlen: (ctx, a) => cstrlen(ctx.mem, ptr(a[0])),
    strnlen: (ctx, a) => {
      const n = size(a[1])
      return n === 0 ? 0 : cstrlen(ctx.mem, ptr(a[0]), n)
    },
    strcpy: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const s = ptr(a[1])
      copyBytes(ctx.mem, d, s, cstrlen(ctx.mem, s) + 1)
      return a[0]
    },
    stpcpy: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const s = ptr(a[1])
      const n = cstrlen(ctx.mem, s)
      copyBytes(ctx.mem, d, s, n + 1)
      return d + n
    },
    strncpy: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const n = size(a[2])
      if (n === 0) return a[0]
      const s = ptr(a[1])
      const k = cstrlen(ctx.mem, s, n)
      copyBytes(ctx.mem, d, s, k)
      if (k < n) ctx.mem.fill(d + k, 0, n - k)
      return a[0]
    },
    stpncpy: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const n = size(a[2])
      if (n === 0) return d
      const s = ptr(a[1])
      const k = cstrlen(ctx.mem, s, n)
      copyBytes(ctx.mem, d, s, k)
      if (k < n) ctx.mem.fill(d + k, 0, n - k)
      return d + k
    },
    strcat: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const s = ptr(a[1])
      const dl = cstrlen(ctx.mem, d)
      copyBytes(ctx.mem, d + dl, s, cstrlen(ctx.mem, s) + 1)
      return a[0]
    },
    strncat: (ctx, a) => {
      const d = ptr(a[0], 'write')
      const s = ptr(a[1])
      const n = size(a[2])
      const dl = cstrlen(ctx.mem, d)
      const k = n === 0 ? 0 : cstrlen(ctx.mem, s, n)
      copyBytes(ctx.mem, d + dl, s, k)
      ctx.mem.store8(d + dl + k, 0)
      return a[0]
    },
    strcmp: (ctx, a) => compareStrings(ctx.mem, ptr(a[0]), ptr(a[1]), MAX, false),
    strncmp: (ctx, a) => compareStrings(ctx.mem, ptr(a[0]), ptr(a[1]), size(a[2]), false),
    strcoll: (ctx, a) => compareStrings(ctx.mem, ptr(a[0]), ptr(a[1]), MAX, false),
    strcasecmp: (ctx, a) => compareStrings(ctx.mem, ptr(a[0]), ptr(a[1]), MAX, true),
    strncasecmp: (ctx, a) => compareStrings(ctx.mem, ptr(a[0]), ptr(a[1]), size(a[2]), true),
    strchr: (ctx, a) => {
      const p = ptr(a[0])
      const c = int(a[1]) & 255
      const i = findInString(ctx.mem, p, c)
      return i < 0 ? 0 : p + i
    },
    strchrnul: (ctx, a) => {
      const p = ptr(a[0])
      const c = int(a[1]) & 255
      const i = findInString(ctx.mem, p, c)
      return i < 0 ? p + cstrlen(ctx.mem, p) : p + i
    },
    strrchr: (ctx, a) => {
      const p = ptr(a[0])
      const c = int(a[1]) & 255
      const b = cstrBytes(ctx.mem, p)
      if (c === 0) return p + b.length
      const i = b.lastIndexOf(c)
      return i < 0 ? 0 : p + i
    },
    strstr: (ctx, a) => {
      const h = ptr(a[0])
      const needle = cstrBytes(ctx.mem, ptr(a[1]))
      if (needle.length === 0) return h
      const hay = cstrBytes(ctx.mem, h)
      const i = indexOfBytes(hay, needle, false)
      return i < 0 ? 0 : h + i
    },
    strcasestr: (ctx, a) => {
      const h = ptr(a[0])
      const needle = cstrBytes(ctx.mem, ptr(a[1]))
      if (needle.length === 0) return h
      const hay = cstrBytes(ctx.mem, h)
      const i = indexOfBytes(hay, needle, true)
      return i < 0 ? 0 : h + i
    },
    memmem: (ctx, a) => {
      const h = ptr(a[0])
      const hl = size(a[1])
      const nl = size(a[3])
      if (nl === 0) return h
      if (nl > hl) return 0
      const needle = readBounded(ctx.mem, ptr(a[2]), nl)
      // the haystack in overlapping windows, so a match is found before any fault beyond it
      for (let pos = 0; pos + nl <= hl; pos += CHUNK) {
        const hay = ctx.mem.read(h + pos, Math.min(CHUNK + nl - 1, hl - pos))
        const i = indexOfBytes(hay, needle, false)
        if (i >= 0) return h + pos + i
      }
      return 0
    },
    strspn: (ctx, a) => {
      const set = byteSet(ctx.mem, ptr(a[1]))
      return span(ctx.mem, ptr(a[0]), set, true)
    },
    strcspn: (ctx, a) => {
      const set = byteSet(ctx.mem, ptr(a[1]))
      return span(ctx.mem, ptr(a[0]), set, false)
    },
    strpbrk: (ctx, a) => {
      const p = ptr(a[0])
      const set = byteSet(ctx.mem, ptr(a[1]))
      const i = span(ctx.mem, p, set, false)
      return ctx.mem.load8(p + i) === 0 ? 0 : p + i
    },
    strtok: (ctx, a) =>
      strtokImpl(
        ctx,
        a[0],
        a[1],
        () => (ctx.proc.libc.strtokSave as number | undefined) ?? 0,
        (v) => (ctx.proc.libc.strtokSave = v)
      ),
    strtok_r: (ctx, a) => {
      const save = ptr(a[2], 'write')
      return strtokImpl(
        ctx,
        a[0],
        a[1],
        () => ptr(ctx.mem.load64(save)),
        (v) => ctx.mem.store64(save, v)
      )
    },
    strsep: (ctx, a) => {
      const m = ctx.mem
      const sp = ptr(a[0], 'write')
      const s = ptr(m.load64(sp))
      if (s === 0) return 0
      const set = byteSet(m, ptr(a[1]))
      const e = s + span(m, s, set, false)
      if (m.load8(e) === 0) m.store64(sp, 0)
      else {
        m.store8(e, 0)
        m.store64(sp, e + 1)
      }
      return s
    },
    strdup: (ctx, a) => {
      const s = ptr(a[0])
      const n = cstrlen(ctx.mem, s) + 1
      return callMalloc(ctx, n, opts.malloc, (p) => {
        copyBytes(ctx.mem, p, s, n)
        return p
      })
    },
    strndup: (ctx, a) => {
      const s = ptr(a[0])
      const max = size(a[1])
      const n = max === 0 ? 0 : cstrlen(ctx.mem, s, max)
      return callMalloc(ctx, n + 1, opts.malloc, (p) => {
        copyBytes(ctx.mem, p, s, n)
        ctx.mem.store8(p + n, 0)
        return p
      })
    }
  }
  f.strverscmp = (ctx, a) => {
    const p = ptr(a[0])
    const q = ptr(a[1])
    return p === q ? 0 : strverscmp(ctx.mem, p, q)
  }
  // GNU basename (<string.h> with _GNU_SOURCE): the part after the last '/', possibly empty
  f.basename = (ctx, a) => {
    const p = ptr(a[0])
    const i = cstrBytes(ctx.mem, p).lastIndexOf(47)
    return i < 0 ? p : p + i + 1
  }
  // POSIX basename (<libgen.h> maps basename to it): trailing slashes removed in place
  f.__xpg_basename = (ctx, a) => {
    const m = ctx.mem
    const fn = ptr(a[0], 'write')
    if (fn === 0 || m.load8(fn) === 0) return staticString(ctx, '.', opts.malloc)
    const b = cstrBytes(m, fn)
    let p = b.lastIndexOf(47)
    if (p < 0) return fn
    if (p + 1 < b.length) return fn + p + 1
    while (p > 0 && b[p - 1] === 47) p--
    if (p > 0) {
      m.store8(fn + p, 0)
      p--
      while (p > 0 && b[p - 1] !== 47) p--
      return fn + p
    }
    return fn + b.length - 1 // only slashes: the last one, "/"
  }
  // dirname (<libgen.h>), glibc's misc/dirname.c
  f.dirname = (ctx, a) => {
    const m = ctx.mem
    const path = ptr(a[0], 'write')
    const b = path === 0 ? null : cstrBytes(m, path)
    let last = b ? b.lastIndexOf(47) : -1
    if (b && last > 0 && last === b.length - 1) {
      let run = last
      while (run !== 0 && b[run - 1] === 47) run--
      if (run !== 0) last = b.subarray(0, run).lastIndexOf(47)
    }
    if (!b || last < 0) return staticString(ctx, '.', opts.malloc)
    let run = last
    while (run !== 0 && b[run - 1] === 47) run--
    let cut: number
    if (run === 0) cut = last === 1 ? 2 : 1 // "/" — or "//" for exactly two leading slashes
    else cut = run
    m.store8(path + cut, 0)
    return path
  }
  // swab (<unistd.h>): swaps adjacent bytes, from the end, of n & ~1 bytes (n is ssize_t)
  f.swab = (ctx, a) => {
    const n = typeof a[2] === 'bigint' ? Number(BigInt.asIntN(64, a[2])) : Number(a[2] ?? 0)
    if (!(n > 1)) return
    const len = Math.min(n, MAX) - (Math.min(n, MAX) % 2)
    const from = ptr(a[0])
    const to = ptr(a[1], 'write')
    const src = readBounded(ctx.mem, from, len)
    const out = new Uint8Array(len)
    for (let i = 0; i < len; i += 2) {
      out[i] = src[i + 1]
      out[i + 1] = src[i]
    }
    ctx.mem.write(to, out)
  }
  // memfrob: XOR every byte with 42
  f.memfrob = (ctx, a) => {
    const p = ptr(a[0], 'write')
    const n = size(a[1])
    for (let off = 0; off < n; off += CHUNK) {
      const k = Math.min(CHUNK, n - off)
      const b = ctx.mem.read(p + off, k)
      for (let i = 0; i < k; i++) b[i] ^= 42
      ctx.mem.write(p + off, b)
    }
    return p
  }
  // strxfrm in the C locale (no collation rules): glibc copies MIN(len + 1, n) bytes with stpncpy
  f.strxfrm = (ctx, a) => {
    const s = ptr(a[1])
    const len = cstrlen(ctx.mem, s)
    const n = size(a[2])
    if (n !== 0) {
      const d = ptr(a[0], 'write')
      const k = Math.min(len + 1, n)
      copyBytes(ctx.mem, d, s, Math.min(len, k))
      if (k > len) ctx.mem.store8(d + len, 0)
    }
    return len
  }
  // ffs: 1 + index of the lowest set bit, 0 for 0
  const ffs = (v: bigint): number => {
    if (v === 0n) return 0
    let i = 1
    while ((v & 1n) === 0n) {
      v >>= 1n
      i++
    }
    return i
  }
  f.ffs = (_c, a) => ffs(BigInt.asUintN(32, BigInt(int(a[0]))))
  f.ffsl = (_c, a) => ffs(BigInt.asUintN(64, typeof a[0] === 'bigint' ? a[0] : BigInt(Math.trunc(Number(a[0] ?? 0)) || 0)))
  f.ffsll = f.ffsl
  // <strings.h> BSD names
  f.index = f.strchr
  f.rindex = f.strrchr
  f.bcopy = (ctx, a) => {
    copyBytes(ctx.mem, ptr(a[1], 'write'), ptr(a[0]), size(a[2]))
  }
  return f
}

/** The string functions with strdup using the program's malloc symbol only. */
export const stringFunctions: Record<string, NativeFn> = makeStringFunctions()

// ---------------------------------------------------------------------------------------------

/** Index of byte c within the first n bytes at p, or -1. */
function findByte(m: Memory, p: number, c: number, n: number): number {
  let off = 0
  let want = 256
  while (off < n) {
    const b = pageChunk(m, p + off, Math.min(want, n - off))
    const i = b.indexOf(c)
    if (i >= 0) return off + i
    off += b.length
    if (want < PAGE_SIZE) want *= 4
  }
  return -1
}

/** Index of c in the C string at p (c == 0 finds the terminator), or -1. */
function findInString(m: Memory, p: number, c: number): number {
  let off = 0
  let want = 64
  for (;;) {
    const b = pageChunk(m, p + off, want)
    const z = b.indexOf(0)
    const lim = z < 0 ? b.length : z
    const i = c === 0 ? z : b.subarray(0, lim).indexOf(c)
    if (i >= 0) return off + i
    if (z >= 0) return -1
    off += b.length
    if (want < PAGE_SIZE) want *= 4
  }
}

function compareStrings(m: Memory, p: number, q: number, n: number, fold: boolean): number {
  let off = 0
  let want = 64
  while (off < n) {
    const k = Math.min(want, n - off, PAGE_SIZE - ((p + off) % PAGE_SIZE), PAGE_SIZE - ((q + off) % PAGE_SIZE))
    const x = m.read(p + off, k)
    const y = m.read(q + off, k)
    for (let i = 0; i < k; i++) {
      let c = x[i]
      let d = y[i]
      if (fold) {
        c = lower(c)
        d = lower(d)
      }
      if (c !== d || c === 0) return c - d
    }
    off += k
    if (want < PAGE_SIZE) want *= 4
  }
  return 0
}

function byteSet(m: Memory, p: number): Uint8Array {
  const set = new Uint8Array(256)
  for (const c of cstrBytes(m, p)) set[c] = 1
  return set
}

/** Length of the prefix of the C string at p whose bytes are (in = true) / are not in `set`. */
function span(m: Memory, p: number, set: Uint8Array, inSet: boolean): number {
  let off = 0
  let want = 64
  for (;;) {
    const b = pageChunk(m, p + off, want)
    for (let i = 0; i < b.length; i++) {
      const c = b[i]
      if (c === 0 || (set[c] === 1) !== inSet) return off + i
    }
    off += b.length
    if (want < PAGE_SIZE) want *= 4
  }
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, fold: boolean): number {
  const n = needle.length
  const last = hay.length - n
  if (!fold) {
    const first = needle[0]
    for (let i = hay.indexOf(first); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
      let j = 1
      while (j < n && hay[i + j] === needle[j]) j++
      if (j === n) return i
    }
    return -1
  }
  for (let i = 0; i <= last; i++) {
    let j = 0
    while (j < n && lower(hay[i + j]) === lower(needle[j])) j++
    if (j === n) return i
  }
  return -1
}
