/**
 * Shared machinery of the header tests: gcc, the host's headers, and a small reader of PinLab's
 * own headers that lists their macros, enumerators, structs, typedefs and prototypes.
 *
 * The tests compile the same generated C program twice with gcc: once against PinLab's headers
 * alone (-nostdinc, so they must be self-contained) and once against the host's glibc,
 * linux-libc-dev, rdma-core and liburing headers, and compare what the two programs print.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectHeaders, HEADERS_ROOT } from '../../../../scripts/gen-headers'

export { HEADERS_ROOT }

/** The Debian packages the header tests need (the .ci/run script installs them). */
export const APT_PACKAGES = ['gcc', 'libc6-dev', 'linux-libc-dev', 'libibverbs-dev', 'liburing-dev']

const SYSTEM_HEADERS_NEEDED: Array<[string, string]> = [
  ['/usr/include/stdio.h', 'libc6-dev'],
  ['/usr/include/linux/io_uring.h', 'linux-libc-dev'],
  ['/usr/include/infiniband/verbs.h', 'libibverbs-dev'],
  ['/usr/include/liburing.h', 'liburing-dev']
]

/**
 * Throws (so the test fails, never skips) when gcc or one of the host header packages is
 * missing, saying what to install.
 */
export function requireToolchain(): void {
  const problems: string[] = []
  const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' })
  if (gcc.error || gcc.status !== 0) problems.push('gcc is not installed (package gcc)')
  for (const [file, pkg] of SYSTEM_HEADERS_NEEDED) if (!existsSync(file)) problems.push(`${file} is missing (package ${pkg})`)
  if (problems.length > 0) {
    throw new Error(
      `The header tests compare PinLab's /usr/include with the host's headers through gcc, and cannot run here:\n  ` +
        problems.join('\n  ') +
        `\nInstall them with: sudo apt-get install -y ${APT_PACKAGES.join(' ')}`
    )
  }
}

/**
 * The host headers the comparison programs include, in an order that compiles: the kernel's
 * io_uring uapi before liburing (they share an include guard), glibc's sys/mman.h before
 * linux/mman.h. _GNU_SOURCE because PinLab's headers show the GNU names unconditionally.
 */
export const SYSTEM_PRELUDE = `#define _GNU_SOURCE 1
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <errno.h>
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <pthread.h>
#include <time.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <linux/types.h>
#include <linux/time_types.h>
#include <linux/ioctl.h>
#include <linux/fs.h>
#include <linux/memfd.h>
#include <linux/mman.h>
#include <asm-generic/hugetlb_encode.h>
#include <linux/io_uring.h>
#include <liburing.h>
#include <infiniband/verbs.h>
#include <malloc.h>
#include <err.h>
#include <endian.h>
#include <byteswap.h>
#include <arpa/inet.h>
#include <libgen.h>
`

/** PinLab headers with no host counterpart: the comparison programs leave them out. */
export const NO_SYSTEM_COUNTERPART = new Set(['gup_test.h'])

/** PinLab's headers: path relative to /usr/include → text. */
export const OUR_HEADERS: Record<string, string> = collectHeaders()

/**
 * #include lines for every public PinLab header (bits/ are internal and come along). <libgen.h>
 * goes last, as in the host prelude: before <string.h> it would hide the GNU basename.
 */
export function ourPrelude(): string {
  return Object.keys(OUR_HEADERS)
    .filter((p) => !p.startsWith('bits/'))
    .sort((a, b) => Number(a === 'libgen.h') - Number(b === 'libgen.h'))
    .map((p) => `#include <${p}>`)
    .join('\n')
}

export interface CompileOptions {
  /** true: PinLab's headers only (-nostdinc); false: the host's headers */
  ours: boolean
  /** extra gcc flags */
  flags?: string[]
  /** link and run, returning stdout; otherwise only compile */
  run?: boolean
}

/** Compiles (and runs) a C program with gcc; throws with gcc's diagnostics when it does not build. */
export function gcc(source: string, opts: CompileOptions): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinlab-headers-'))
  try {
    const src = join(dir, 'prog.c')
    const exe = join(dir, 'prog')
    writeFileSync(src, source)
    const include = opts.ours ? ['-nostdinc', '-isystem', HEADERS_ROOT] : []
    const args = ['-std=gnu11', ...include, ...(opts.flags ?? []), src]
    const r = spawnSync('gcc', opts.run ? [...args, '-o', exe] : [...args, '-fsyntax-only'], { encoding: 'utf8' })
    if (r.status !== 0) {
      throw new Error(`gcc (${opts.ours ? "PinLab's headers" : "the host's headers"}) failed:\n${r.stderr}\n--- program ---\n${numbered(source)}`)
    }
    if (!opts.run) return ''
    return execFileSync(exe, { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function numbered(source: string): string {
  return source
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)}  ${l}`)
    .join('\n')
}

/**
 * Runs the comparison programs once for a describe block. A failure to build is kept and
 * rethrown by every test (so the tests fail with gcc's message instead of being skipped).
 */
export class Outputs<T> {
  private value: T | undefined
  private failure: unknown
  private done = false

  constructor(private readonly make: () => T) {}

  get(): T {
    if (!this.done) {
      this.done = true
      try {
        this.value = this.make()
      } catch (e) {
        this.failure = e
      }
    }
    if (this.failure !== undefined) throw this.failure
    return this.value as T
  }
}

/** Parses "NAME rest" lines into a map. */
export function lines(output: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const line of output.split('\n')) {
    if (!line) continue
    const sp = line.indexOf(' ')
    m.set(line.slice(0, sp), line.slice(sp + 1))
  }
  return m
}

// ---------------------------------------------------------------- reading the headers

/** The text without comments, with continuation lines joined. */
export function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\\\n/g, ' ')
}

export interface Macro {
  name: string
  body: string
  header: string
}

/** Object-like macros whose value is not an expression (types, initializers, member paths). */
const NOT_VALUE_MACROS = new Set(['stdin', 'stdout', 'stderr', 'errno', 'bool', 'static_assert', '__aligned_u64', 'basename'])

/** Every object-like macro of PinLab's headers that names a value. */
export function valueMacros(): Macro[] {
  const found = new Map<string, Macro>()
  for (const [header, text] of Object.entries(OUR_HEADERS)) {
    for (const m of stripComments(text).matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)([^\n]*)$/gm)) {
      const name = m[1]!
      const rest = m[2]!
      if (rest.startsWith('(')) continue // function-like
      const body = rest.trim()
      if (body === '' || NOT_VALUE_MACROS.has(name)) continue
      if (body.startsWith('{') || body.includes('__attribute__')) continue
      if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(body)) continue // a member path (si_pid, st_atime)
      if (!found.has(name)) found.set(name, { name, body, header })
    }
  }
  return [...found.values()]
}

/** The names of every object-like macro (including member-path ones). */
export function allMacroNames(): Set<string> {
  const names = new Set<string>()
  for (const text of Object.values(OUR_HEADERS)) {
    for (const m of stripComments(text).matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)(?!\()/gm)) names.add(m[1]!)
  }
  return names
}

/** Every enumerator of every enum in PinLab's headers. */
export function enumerators(): Array<{ name: string; header: string }> {
  const out: Array<{ name: string; header: string }> = []
  for (const [header, text] of Object.entries(OUR_HEADERS)) {
    const src = stripComments(text)
    for (const m of src.matchAll(/\benum\s*\w*\s*\{/g)) {
      const body = src.slice(m.index! + m[0].length, src.indexOf('}', m.index!))
      for (const item of body.split(',')) {
        const id = /^\s*([A-Za-z_]\w*)/.exec(item)
        if (id) out.push({ name: id[1]!, header })
      }
    }
  }
  return out
}

export interface Field {
  /** designator usable in offsetof, e.g. "wr.rdma.rkey" */
  path: string
  /** a flexible array member (no size of its own) */
  flexible?: boolean
}

export interface Aggregate {
  /** the type as C spells it: "struct ibv_mr", "union ibv_gid", "siginfo_t" */
  type: string
  header: string
  fields: Field[]
}

function matchBrace(src: string, open: number): number {
  let depth = 0
  for (let i = open; i < src.length; i++) {
    if (src[i] === '{') depth++
    else if (src[i] === '}' && --depth === 0) return i
  }
  throw new Error('unbalanced braces')
}

/** Splits a struct body into its top-level member declarations. */
function declarations(body: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === '{' || c === '(') depth++
    else if (c === '}' || c === ')') depth--
    else if (c === ';' && depth === 0) {
      out.push(body.slice(start, i).trim())
      start = i + 1
    }
  }
  return out.filter((d) => d.length > 0)
}

function fieldsOf(body: string, prefix: string): Field[] {
  const fields: Field[] = []
  for (const decl of declarations(body)) {
    const brace = decl.indexOf('{')
    if (/^(struct|union)\b/.test(decl) && brace >= 0) {
      const close = matchBrace(decl, brace)
      const name = decl.slice(close + 1).trim()
      const inner = decl.slice(brace + 1, close)
      if (name === '') fields.push(...fieldsOf(inner, prefix))
      else {
        const member = /^(\w+)/.exec(name)![1]!
        fields.push({ path: prefix + member })
        fields.push(...fieldsOf(inner, prefix + member + '.'))
      }
      continue
    }
    const fnptr = /\(\s*\*\s*(\w+)\s*\)\s*\(/.exec(decl)
    if (fnptr) {
      fields.push({ path: prefix + fnptr[1]! })
      continue
    }
    const plain = /(\w+)\s*(\[[^\]]*\]\s*)*$/.exec(decl)
    if (!plain) throw new Error(`cannot read the member declaration "${decl}"`)
    fields.push({ path: prefix + plain[1]!, ...(/\[\s*\]\s*$/.test(decl) ? { flexible: true } : {}) })
  }
  return fields
}

/** Every struct and union with a body, and every typedef of an anonymous struct or union. */
export function aggregates(): Aggregate[] {
  const out: Aggregate[] = []
  for (const [header, text] of Object.entries(OUR_HEADERS)) {
    const src = stripComments(text)
    for (const m of src.matchAll(/(typedef\s+)?\b(struct|union)\s+(\w+)?\s*\{/g)) {
      // only top-level definitions: nothing open before this point
      const before = src.slice(0, m.index!)
      if ((before.match(/\{/g) ?? []).length !== (before.match(/\}/g) ?? []).length) continue
      const open = m.index! + m[0].length - 1
      const close = matchBrace(src, open)
      const body = src.slice(open + 1, close)
      let type: string
      if (m[1]) {
        const name = /^\s*(\w+)\s*;/.exec(src.slice(close + 1))
        if (!name) throw new Error(`${header}: cannot read the typedef name after a ${m[2]}`)
        type = name[1]!
      } else if (m[3]) type = `${m[2]} ${m[3]}`
      else continue
      out.push({ type, header, fields: fieldsOf(body, '') })
    }
  }
  return out
}

export interface Typedef {
  name: string
  header: string
  kind: 'integer' | 'pointer' | 'function-pointer' | 'aggregate'
}

/** Every typedef name of PinLab's headers, with what kind of type it names. */
export function typedefs(): Typedef[] {
  const out = new Map<string, Typedef>()
  for (const [header, text] of Object.entries(OUR_HEADERS)) {
    const src = stripComments(text)
    for (const m of src.matchAll(/\btypedef\b/g)) {
      const end = src.indexOf(';', m.index!)
      let decl = src.slice(m.index! + 'typedef'.length, end)
      const brace = decl.indexOf('{')
      let kind: Typedef['kind']
      let name: string
      if (brace >= 0) {
        const close = matchBrace(src, m.index! + 'typedef'.length + brace)
        const tail = src.slice(close + 1, src.indexOf(';', close))
        name = tail.trim()
        kind = /^\s*enum\b/.test(decl) ? 'integer' : 'aggregate'
      } else {
        decl = decl.trim()
        const fn = /\(\s*\*\s*(\w+)\s*\)\s*\(/.exec(decl)
        if (fn) {
          name = fn[1]!
          kind = 'function-pointer'
        } else {
          name = /(\w+)\s*(\[[^\]]*\])?$/.exec(decl)![1]!
          if (/^(struct|union)\b/.test(decl) && !decl.includes('*')) kind = 'aggregate'
          else if (decl.includes('__builtin_va_list')) kind = 'aggregate'
          else if (decl.includes('*')) kind = 'pointer'
          else if (/\b__sighandler_t\b/.test(decl)) kind = 'function-pointer'
          else kind = 'integer'
        }
      }
      if (!out.has(name)) out.set(name, { name, header, kind })
    }
  }
  return [...out.values()]
}

export interface Prototype {
  name: string
  header: string
  /** return type text */
  ret: string
  /** parameter list text, without the parentheses */
  params: string
  inline: boolean
}

/** Every function PinLab's headers declare (extern prototypes and static inline definitions). */
export function prototypes(): Prototype[] {
  const out: Prototype[] = []
  for (const [header, text] of Object.entries(OUR_HEADERS)) {
    const src = stripComments(text)
    for (const m of src.matchAll(/^(extern|static inline)\s+([^\n]*)$/gm)) {
      const line = m[2]!
      const open = line.indexOf('(')
      if (open < 0) continue // extern variables
      const head = line.slice(0, open)
      const name = /(\w+)\s*$/.exec(head)![1]!
      const ret = head.slice(0, head.length - /(\w+)\s*$/.exec(head)![0].length).trim()
      let depth = 0
      let close = -1
      for (let i = open; i < line.length; i++) {
        if (line[i] === '(') depth++
        else if (line[i] === ')' && --depth === 0) {
          close = i
          break
        }
      }
      if (close < 0) throw new Error(`${header}: cannot read the declaration of ${name}`)
      if (ret === '' && line.slice(close + 1).trim().startsWith('(')) continue
      out.push({ name, header, ret, params: line.slice(open + 1, close), inline: m[1] === 'static inline' })
    }
  }
  return out
}

/** "RET (*NAME)(PARAMS)": a declarator for a pointer to the function's type. */
export function pointerDeclarator(p: Prototype, name: string): string {
  return `${p.ret} (*${name})(${p.params})`
}
