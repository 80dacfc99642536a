/** The C preprocessor (C99 6.10 with the usual GNU extensions). */
import { type Diagnostics, CompileAbort } from './diag'
import { type Token, cloneTok, tokenize } from './lexer'
import { BUILTIN_HEADERS } from './headers'

/** Reads a file of the (simulated) file system by absolute or relative path; null if absent. */
export type FileReader = (path: string) => string | null

export interface PreprocessOptions {
  readFile: FileReader
  /** system include directories searched for <…> (and for "…" after the including file's directory) */
  includePath?: string[]
  /** -D style definitions: name → value ('' for an empty definition) */
  defines?: Record<string, string>
}

interface Macro {
  name: string
  fn: boolean
  params: string[]
  variadic: boolean
  body: Token[]
  builtin?: (t: Token) => Token[]
}

const PREDEFINED = `
#define __STDC__ 1
#define __STDC_VERSION__ 201710L
#define __STDC_HOSTED__ 1
#define __GNUC__ 12
#define __GNUC_MINOR__ 2
#define __GNUC_PATCHLEVEL__ 0
#define __VERSION__ "12.2.0"
#define __x86_64__ 1
#define __x86_64 1
#define __amd64__ 1
#define __amd64 1
#define __linux__ 1
#define __linux 1
#define linux 1
#define __unix__ 1
#define __unix 1
#define unix 1
#define __gnu_linux__ 1
#define __ELF__ 1
#define __LP64__ 1
#define _LP64 1
#define __CHAR_BIT__ 8
#define __SIZEOF_INT__ 4
#define __SIZEOF_LONG__ 8
#define __SIZEOF_LONG_LONG__ 8
#define __SIZEOF_SHORT__ 2
#define __SIZEOF_POINTER__ 8
#define __SIZEOF_FLOAT__ 4
#define __SIZEOF_DOUBLE__ 8
#define __SIZEOF_LONG_DOUBLE__ 16
#define __SIZEOF_SIZE_T__ 8
#define __SIZEOF_WCHAR_T__ 4
#define __SIZEOF_WINT_T__ 4
#define __SIZEOF_PTRDIFF_T__ 8
#define __SCHAR_MAX__ 0x7f
#define __SHRT_MAX__ 0x7fff
#define __INT_MAX__ 0x7fffffff
#define __LONG_MAX__ 0x7fffffffffffffffL
#define __LONG_LONG_MAX__ 0x7fffffffffffffffLL
#define __WCHAR_MAX__ 0x7fffffff
#define __WCHAR_MIN__ (-__WCHAR_MAX__ - 1)
#define __SIZE_MAX__ 0xffffffffffffffffUL
#define __PTRDIFF_MAX__ 0x7fffffffffffffffL
#define __INTMAX_MAX__ 0x7fffffffffffffffL
#define __UINTMAX_MAX__ 0xffffffffffffffffUL
#define __INTPTR_MAX__ 0x7fffffffffffffffL
#define __UINTPTR_MAX__ 0xffffffffffffffffUL
#define __SIZE_TYPE__ long unsigned int
#define __PTRDIFF_TYPE__ long int
#define __WCHAR_TYPE__ int
#define __WINT_TYPE__ unsigned int
#define __INTMAX_TYPE__ long int
#define __UINTMAX_TYPE__ long unsigned int
#define __CHAR16_TYPE__ short unsigned int
#define __CHAR32_TYPE__ unsigned int
#define __INT8_TYPE__ signed char
#define __INT16_TYPE__ short int
#define __INT32_TYPE__ int
#define __INT64_TYPE__ long int
#define __UINT8_TYPE__ unsigned char
#define __UINT16_TYPE__ short unsigned int
#define __UINT32_TYPE__ unsigned int
#define __UINT64_TYPE__ long unsigned int
#define __INTPTR_TYPE__ long int
#define __UINTPTR_TYPE__ long unsigned int
#define __ORDER_LITTLE_ENDIAN__ 1234
#define __ORDER_BIG_ENDIAN__ 4321
#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__
#define __BIGGEST_ALIGNMENT__ 16
#define __USER_LABEL_PREFIX__
#define __REGISTER_PREFIX__
#define __OPTIMIZE__ 0
#undef __OPTIMIZE__
#define __NO_INLINE__ 1
#define __PINLAB__ 1
#define __restrict restrict
#define __restrict__ restrict
#define __inline inline
#define __inline__ inline
#define __const const
#define __signed__ signed
#define __signed signed
#define __volatile__ volatile
#define __alignof__ _Alignof
#define __alignof _Alignof
#define __extension__
#define __asm__ asm
#define __asm asm
#define __typeof typeof
#define __typeof__ typeof
`

function tok(v: string, k: Token['k'], at: Token): Token {
  return { k, v, file: at.file, line: at.line, col: at.col, bol: false, sp: at.sp, hs: at.hs, noexp: false, unterminated: false }
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/')
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)
}

function normPath(p: string): string {
  const abs = p.startsWith('/')
  const parts: string[] = []
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue
    if (s === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop()
    else if (s === '..' && abs) continue // "/.." is "/", as path lookup has it
    else parts.push(s)
  }
  return (abs ? '/' : '') + parts.join('/')
}

interface Cond {
  taken: boolean // some branch already taken
  inElse: boolean
  tok: Token
}

/** Token stream with push-back; the next token is at the end of `st`. */
class Stream {
  st: Token[] = []
  push(ts: Token[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.st.push(ts[i])
  }
  next(): Token | undefined {
    return this.st.pop()
  }
  peek(): Token | undefined {
    return this.st[this.st.length - 1]
  }
}

const EOF_MARK = '\u0000eof'

export class Preprocessor {
  macros = new Map<string, Macro>()
  private once = new Set<string>()
  private depth = 0
  sources = new Map<string, string>()
  private counter = 0
  private includePath: string[]

  constructor(
    private opts: PreprocessOptions,
    private diags: Diagnostics
  ) {
    this.includePath = opts.includePath ?? ['/usr/include']
    const pre = tokenize(PREDEFINED, '<built-in>', diags)
    this.run(pre, '<built-in>')
    for (const [k, v] of Object.entries(opts.defines ?? {})) this.run(tokenize(`#define ${k} ${v}\n`, '<command-line>', diags), '<command-line>')
    const lineMacro = (name: string, f: (t: Token) => Token[]) => this.macros.set(name, { name, fn: false, params: [], variadic: false, body: [], builtin: f })
    lineMacro('__LINE__', (t) => [tok(String(t.line), 'num', t)])
    lineMacro('__FILE__', (t) => [tok(JSON.stringify(t.file), 'str', t)])
    lineMacro('__COUNTER__', (t) => [tok(String(this.counter++), 'num', t)])
    lineMacro('__DATE__', (t) => [tok('"Jan  1 2026"', 'str', t)])
    lineMacro('__TIME__', (t) => [tok('"00:00:00"', 'str', t)])
    lineMacro('__TIMESTAMP__', (t) => [tok('"Thu Jan  1 00:00:00 2026"', 'str', t)])
    lineMacro('__BASE_FILE__', (t) => [tok(JSON.stringify(this.baseFile), 'str', t)])
  }

  private baseFile = ''

  private err(t: Token, message: string, severity: 'error' | 'warning' = 'error', len = t.v.length): void {
    this.diags.add({ file: t.file, line: t.line, col: t.col, len, severity, message })
  }

  /** Preprocesses a main file; returns the tokens for the parser (ending with an 'eof' token). */
  preprocessFile(path: string, text: string): Token[] {
    this.baseFile = path
    this.sources.set(path, text)
    const out = this.run(tokenize(text, path, this.diags), path)
    const last = out[out.length - 1]
    out.push({ k: 'eof', v: '', file: path, line: last ? last.line : 1, col: last ? last.col + last.v.length : 1, bol: true, sp: false, hs: undefined, noexp: false, unterminated: false })
    return out
  }

  private run(tokens: Token[], file: string): Token[] {
    const s = new Stream()
    s.push([...tokens, { k: 'eof', v: EOF_MARK, file, line: 0, col: 0, bol: true, sp: false, hs: undefined, noexp: false, unterminated: false }])
    const out: Token[] = []
    const conds: Cond[] = []
    const condBase: number[] = [0]
    while (true) {
      const t = s.next()
      if (!t) break
      if (t.k === 'eof' && t.v === EOF_MARK) {
        const base = condBase.pop() ?? 0
        while (conds.length > base) {
          const c = conds.pop()!
          this.err(c.tok, 'unterminated #' + (c.tok.v === '#' ? 'if' : c.tok.v))
        }
        if (condBase.length === 0) break
        this.depth--
        continue
      }
      if (t.k === 'p' && t.v === '#' && t.bol && !t.hs) {
        this.directive(s, t, conds, condBase, out)
        continue
      }
      if (t.k === 'id' && this.expand(s, t)) continue
      if (t.unterminated) this.err(t, `missing terminating ${t.k === 'str' ? '"' : "'"} character`, 'error', 1)
      out.push(t)
    }
    return out
  }

  private readLine(s: Stream): Token[] {
    const r: Token[] = []
    while (true) {
      const t = s.peek()
      if (!t || t.bol) break
      r.push(s.next()!)
    }
    return r
  }

  private directive(s: Stream, hash: Token, conds: Cond[], condBase: number[], _out: Token[]): void {
    const nameTok = s.peek()
    if (!nameTok || nameTok.bol) return // null directive
    s.next()
    const name = nameTok.v
    const line = this.readLine(s)
    switch (name) {
      case 'define':
        return this.define(line, nameTok)
      case 'undef':
        if (line[0]?.k === 'id') this.macros.delete(line[0].v)
        else this.err(nameTok, 'no macro name given in #undef directive')
        return
      case 'include':
      case 'include_next':
        return this.include(s, line, nameTok, condBase, conds, name === 'include_next')
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        let v: boolean
        if (name === 'if') v = this.evalIf(line, nameTok)
        else {
          if (line[0]?.k !== 'id') {
            this.err(nameTok, `no macro name given in #${name} directive`)
            v = false
          } else v = this.macros.has(line[0].v) === (name === 'ifdef')
        }
        conds.push({ taken: v, inElse: false, tok: nameTok })
        if (!v) this.skip(s, conds)
        return
      }
      case 'elif':
      case 'else': {
        const c = conds[conds.length - 1]
        if (!c || conds.length <= condBase[condBase.length - 1]) {
          this.err(nameTok, `#${name} without #if`)
          return
        }
        if (c.inElse) this.err(nameTok, `#${name} after #else`)
        if (name === 'else') c.inElse = true
        // we were in a taken branch: skip the rest
        c.taken = true
        this.skip(s, conds)
        return
      }
      case 'endif':
        if (conds.length <= condBase[condBase.length - 1]) this.err(nameTok, '#endif without #if')
        else conds.pop()
        return
      case 'error':
        this.err(nameTok, '#error ' + this.lineText(line), 'error', 5)
        return
      case 'warning':
        this.err(nameTok, '#warning ' + this.lineText(line) + ' [-Wcpp]', 'warning', 7)
        return
      case 'pragma':
        if (line[0]?.v === 'once') this.once.add(hash.file)
        return
      case 'line':
      case 'ident':
      case 'sccs':
      case 'assert':
      case 'unassert':
        return
      default:
        if (nameTok.k === 'num') return // "# 1 file" line markers
        this.err(nameTok, `invalid preprocessing directive #${name}`)
    }
  }

  private lineText(line: Token[]): string {
    return line.map((t, i) => (i > 0 && t.sp ? ' ' : '') + t.v).join('')
  }

  /** Skips a false group, stopping after the matching #else/#elif that is taken, or #endif. */
  private skip(s: Stream, conds: Cond[]): void {
    let depth = 0
    while (true) {
      const t = s.next()
      if (!t) return
      if (t.k === 'eof' && t.v === EOF_MARK) {
        s.push([t])
        return
      }
      if (!(t.k === 'p' && t.v === '#' && t.bol)) continue
      const n = s.peek()
      if (!n || n.bol) continue
      s.next()
      if (n.v === 'if' || n.v === 'ifdef' || n.v === 'ifndef') {
        depth++
        this.readLine(s)
        continue
      }
      if (n.v === 'endif') {
        this.readLine(s)
        if (depth === 0) {
          conds.pop()
          return
        }
        depth--
        continue
      }
      if (depth === 0 && (n.v === 'else' || n.v === 'elif')) {
        const c = conds[conds.length - 1]
        const line = this.readLine(s)
        if (c.inElse) this.err(n, `#${n.v} after #else`)
        if (n.v === 'else') {
          c.inElse = true
          if (!c.taken) {
            c.taken = true
            return
          }
        } else if (!c.taken && this.evalIf(line, n)) {
          c.taken = true
          return
        }
        continue
      }
      this.readLine(s)
    }
  }

  private define(line: Token[], at: Token): void {
    const nt = line[0]
    if (!nt || nt.k !== 'id') {
      this.err(at, 'macro names must be identifiers')
      return
    }
    const m: Macro = { name: nt.v, fn: false, params: [], variadic: false, body: [] }
    let i = 1
    if (line[1] && line[1].v === '(' && !line[1].sp) {
      m.fn = true
      i = 2
      while (i < line.length && line[i].v !== ')') {
        const p = line[i]
        if (p.v === '...') {
          m.variadic = true
          m.params.push('__VA_ARGS__')
        } else if (p.k === 'id') {
          if (line[i + 1]?.v === '...') {
            m.variadic = true
            i++
          }
          m.params.push(p.v)
        } else {
          this.err(p, `expected parameter name, found "${p.v}"`)
          return
        }
        i++
        if (line[i]?.v === ',') i++
      }
      if (line[i]?.v !== ')') {
        this.err(at, "missing ')' in macro parameter list")
        return
      }
      i++
    }
    m.body = line.slice(i).map((t, j) => cloneTok(t, t.file, t.line, t.col, j === 0 ? false : t.sp, t.hs))
    this.macros.set(m.name, m)
  }

  /** line of the last #include directive of each file */
  includeLines = new Map<string, number>()

  private include(s: Stream, line: Token[], at: Token, condBase: number[], conds: Cond[], next = false): void {
    this.includeLines.set(at.file, at.line)
    let toks = line
    if (toks.length && toks[0].k !== 'str' && toks[0].v !== '<') toks = this.expandList(toks)
    let name: string
    let quoted: boolean
    if (toks[0]?.k === 'str' && toks[0].v.startsWith('"')) {
      name = toks[0].v.slice(1, -1)
      quoted = true
    } else if (toks[0]?.v === '<') {
      let j = 1
      name = ''
      while (j < toks.length && toks[j].v !== '>') {
        name += (j > 1 && toks[j].sp ? ' ' : '') + toks[j].v
        j++
      }
      quoted = false
    } else {
      this.err(at, '#include expects "FILENAME" or <FILENAME>')
      return
    }
    if (this.depth > 200) {
      this.err(at, '#include nested depth 200 exceeds maximum of 200 (use -fmax-include-depth=DEPTH to increase the maximum)')
      throw new CompileAbort('include depth')
    }
    const found = this.resolve(name, quoted && !next, at.file, next ? (this.foundIn.get(at.file) ?? -1) + 1 : 0)
    if (!found) {
      const ft = line[0] ?? at
      this.diags.add({ file: ft.file, line: ft.line, col: ft.col, len: line.length ? line[line.length - 1].col + line[line.length - 1].v.length - ft.col : 1, severity: 'fatal error', message: `${name}: No such file or directory` })
      this.diags.add({ file: '', line: 0, col: 0, len: 0, severity: 'note', message: 'compilation terminated.' })
      throw new CompileAbort('missing include')
    }
    if (this.once.has(found.path)) return
    this.sources.set(found.path, found.text)
    const toksIn = tokenize(found.text, found.path, this.diags)
    this.depth++
    condBase.push(conds.length)
    s.push([...toksIn, { k: 'eof', v: EOF_MARK, file: found.path, line: 0, col: 0, bol: true, sp: false, hs: undefined, noexp: false, unterminated: false }])
  }

  /** include-path index where each file was found (for #include_next) */
  private foundIn = new Map<string, number>()

  private resolve(name: string, quoted: boolean, from: string, startDir = 0): { path: string; text: string } | null {
    const tryPath = (p: string) => {
      const np = normPath(p)
      const text = this.opts.readFile(np)
      return text === null ? null : { path: np, text }
    }
    if (name.startsWith('/')) return tryPath(name)
    if (quoted) {
      const r = tryPath(dirname(from) + '/' + name)
      if (r) return r
    }
    for (let i = startDir; i < this.includePath.length; i++) {
      const r = tryPath(this.includePath[i] + '/' + name)
      if (r) {
        this.foundIn.set(r.path, i)
        return r
      }
    }
    const b = BUILTIN_HEADERS[name]
    if (b !== undefined) return { path: '<builtin>/' + name, text: b }
    return null
  }

  /** Tries to expand the macro named by t; pushes the expansion back onto s. */
  private expand(s: Stream, t: Token): boolean {
    if (t.noexp) return false
    const m = this.macros.get(t.v)
    if (!m) return false
    if (t.hs && t.hs.has(t.v)) {
      t.noexp = true
      return false
    }
    if (m.builtin) {
      s.push(m.builtin(t))
      return true
    }
    if (!m.fn) {
      const body = this.subst(m, [], [], addHs(t.hs, m.name), t)
      s.push(body)
      return true
    }
    const n = s.peek()
    if (!n || n.v !== '(' || (n.k === 'eof')) return false
    s.next()
    const args: Token[][] = [[]]
    let depth = 0
    let rp: Token | null = null
    while (true) {
      const a = s.next()
      if (!a || (a.k === 'eof' && a.v === EOF_MARK)) {
        if (a) s.push([a])
        this.err(t, `unterminated argument list invoking macro "${m.name}"`)
        return true
      }
      if (a.k === 'p' && a.v === '#' && a.bol && !a.hs) {
        // directives inside macro arguments: process them (GNU behaviour) — approximated by ignoring the line
        this.readLine(s)
        continue
      }
      if (a.v === '(' && a.k === 'p') depth++
      else if (a.v === ')' && a.k === 'p') {
        if (depth === 0) {
          rp = a
          break
        }
        depth--
      } else if (a.v === ',' && a.k === 'p' && depth === 0 && !(m.variadic && args.length === m.params.length)) {
        args.push([])
        continue
      }
      args[args.length - 1].push(a)
    }
    if (args.length === 1 && args[0].length === 0 && m.params.length === 0) args.length = 0
    if (m.variadic && args.length === m.params.length - 1) args.push([])
    if (args.length !== m.params.length) {
      this.err(t, `macro "${m.name}" ${args.length < m.params.length ? 'requires' : 'passed'} ${args.length < m.params.length ? m.params.length + ' arguments, but only ' + args.length + ' given' : args.length + ' arguments, but takes just ' + m.params.length}`)
      return true
    }
    const hs = new Set<string>()
    if (t.hs && rp.hs) for (const h of t.hs) if (rp.hs.has(h)) hs.add(h)
    hs.add(m.name)
    const expanded = args.map(() => null as Token[] | null)
    s.push(this.subst(m, args, expanded, hs, t))
    return true
  }

  private expandList(ts: Token[]): Token[] {
    const s = new Stream()
    s.push(ts)
    const out: Token[] = []
    while (true) {
      const t = s.next()
      if (!t) break
      if (t.k === 'id' && this.expand(s, t)) continue
      out.push(t)
    }
    return out
  }

  private subst(m: Macro, args: Token[][], expanded: (Token[] | null)[], hs: Set<string>, at: Token): Token[] {
    const out: Token[] = []
    const body = m.body
    const pidx = (t: Token | undefined) => (t && t.k === 'id' ? m.params.indexOf(t.v) : -1)
    const exp = (i: number) => (expanded[i] ??= this.expandList(args[i]))
    for (let i = 0; i < body.length; i++) {
      const t = body[i]
      if (m.fn && t.v === '#' && t.k === 'p' && pidx(body[i + 1]) >= 0) {
        const a = args[pidx(body[i + 1])]
        const st = tok(stringize(a), 'str', at)
        st.sp = t.sp
        out.push(st)
        i++
        continue
      }
      if (t.v === '##' && t.k === 'p' && out.length > 0 && i + 1 < body.length) {
        const rhsT = body[i + 1]
        const pi = pidx(rhsT)
        let rhs: Token[]
        if (pi >= 0) {
          rhs = args[pi]
          // GNU: , ## __VA_ARGS__ with empty varargs drops the comma
          if (rhsT.v === '__VA_ARGS__' && m.variadic && rhs.length === 0 && out[out.length - 1].v === ',') {
            out.pop()
            i++
            continue
          }
        } else rhs = [rhsT]
        i++
        if (rhs.length === 0) continue
        const lhs = out.pop()!
        const pasted = lhs.v + rhs[0].v
        const d = { errors: 0, list: [], add: () => {} } as unknown as Diagnostics
        const nt = tokenize(pasted, at.file, d)
        if (nt.length !== 1) this.err(at, `pasting "${lhs.v}" and "${rhs[0].v}" does not give a valid preprocessing token`)
        out.push(...nt.map((x) => cloneTok(x, at.file, at.line, at.col, lhs.sp, undefined)))
        out.push(...rhs.slice(1))
        continue
      }
      const pi = pidx(t)
      if (m.fn && pi >= 0) {
        if (body[i + 1]?.v === '##') {
          const raw = args[pi]
          if (raw.length === 0) {
            // placemarker: the paste with an empty lhs yields the rhs
            if (body[i + 2]) {
              const pj = pidx(body[i + 2])
              const rr = pj >= 0 ? args[pj] : [body[i + 2]]
              out.push(...rr)
              i += 2
            }
            continue
          }
          out.push(...raw.map((x, j) => (j === 0 ? cloneTok(x, x.file, x.line, x.col, t.sp, x.hs) : x)))
          continue
        }
        const e = exp(pi)
        out.push(...e.map((x, j) => (j === 0 ? cloneTok(x, x.file, x.line, x.col, t.sp, x.hs) : x)))
        continue
      }
      out.push(t)
    }
    const res = new Array<Token>(out.length)
    for (let j = 0; j < out.length; j++) {
      const x = out[j]
      res[j] = cloneTok(x, at.file, at.line, at.col, j === 0 ? at.sp : x.sp, unionHs(x.hs, hs))
    }
    return res
  }

  private evalIf(line: Token[], at: Token): boolean {
    // defined X / defined(X)
    const pre: Token[] = []
    for (let i = 0; i < line.length; i++) {
      const t = line[i]
      if (t.k === 'id' && t.v === 'defined') {
        let name: Token | undefined
        if (line[i + 1]?.v === '(') {
          name = line[i + 2]
          i += 3
        } else {
          name = line[i + 1]
          i += 1
        }
        pre.push(tok(name && this.macros.has(name.v) ? '1' : '0', 'num', t))
        continue
      }
      if (t.k === 'id' && (t.v === '__has_include' || t.v === '__has_include_next')) {
        // __has_include(<x>) or ("x")
        let j = i + 2
        let nm = ''
        let q = false
        if (line[j]?.k === 'str') {
          nm = line[j].v.slice(1, -1)
          q = true
          j++
        } else {
          j++
          while (j < line.length && line[j].v !== '>') nm += line[j++].v
          j++
        }
        pre.push(tok(this.resolve(nm, q, at.file) ? '1' : '0', 'num', t))
        i = j
        continue
      }
      pre.push(t)
    }
    const toks = this.expandList(pre).map((t) => (t.k === 'id' ? tok(t.v === 'true' ? '1' : '0', 'num', t) : t))
    if (toks.length === 0) {
      this.err(at, `#${at.v} with no expression`)
      return false
    }
    try {
      const ev = new IfEval(toks)
      const v = ev.cond()
      if (ev.i < toks.length) throw new Error(`missing binary operator before token "${toks[ev.i].v}"`)
      return v.v !== 0n
    } catch (e) {
      this.err(at, e instanceof Error ? e.message : String(e))
      return false
    }
  }
}

const addMemo = new WeakMap<Set<string>, Map<string, Set<string>>>()
const singletons = new Map<string, Set<string>>()
/** hs ∪ {name}, memoised. */
function addHs(hs: Set<string> | undefined, name: string): Set<string> {
  if (!hs || hs.size === 0) {
    let r = singletons.get(name)
    if (!r) singletons.set(name, (r = new Set([name])))
    return r
  }
  if (hs.has(name)) return hs
  let m = addMemo.get(hs)
  if (!m) addMemo.set(hs, (m = new Map()))
  let r = m.get(name)
  if (!r) {
    r = new Set(hs)
    r.add(name)
    m.set(name, r)
  }
  return r
}

const unionMemo = new WeakMap<Set<string>, WeakMap<Set<string>, Set<string>>>()
/** Hide-set union, memoised so tokens of one expansion share Set objects (sets are never mutated). */
function unionHs(a: Set<string> | undefined, b: Set<string>): Set<string> {
  if (!a || a === b || a.size === 0) return b
  let m = unionMemo.get(a)
  if (!m) unionMemo.set(a, (m = new WeakMap()))
  let r = m.get(b)
  if (!r) {
    r = new Set(a)
    for (const h of b) r.add(h)
    m.set(b, r)
  }
  return r
}

function stringize(ts: Token[]): string {
  let s = ''
  ts.forEach((t, i) => {
    if (i > 0 && t.sp) s += ' '
    s += t.k === 'str' || t.k === 'chr' ? t.v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : t.v
  })
  return '"' + s + '"'
}

interface PV {
  v: bigint
  u: boolean
}

/** #if expression evaluator: intmax_t / uintmax_t arithmetic. */
class IfEval {
  i = 0
  constructor(private t: Token[]) {}
  private peek(): string {
    return this.t[this.i]?.v ?? ''
  }
  private norm(v: bigint, u: boolean): PV {
    return { v: u ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), u }
  }
  cond(): PV {
    const c = this.bin(0)
    if (this.peek() === '?') {
      this.i++
      const a = this.cond()
      if (this.peek() !== ':') throw new Error("expected ':' in #if")
      this.i++
      const b = this.cond()
      return c.v !== 0n ? a : b
    }
    return c
  }
  private static PREC: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 }
  private bin(minp: number): PV {
    let l = this.unary()
    while (true) {
      const op = this.peek()
      const p = IfEval.PREC[op]
      if (p === undefined || p <= minp || this.t[this.i].k !== 'p') return l
      this.i++
      const r = this.bin(p)
      l = this.apply(op, l, r)
    }
  }
  private apply(op: string, a: PV, b: PV): PV {
    const u = a.u || b.u
    const x = u ? BigInt.asUintN(64, a.v) : a.v
    const y = u ? BigInt.asUintN(64, b.v) : b.v
    const B = (c: boolean): PV => ({ v: c ? 1n : 0n, u: false })
    switch (op) {
      case '||':
        return B(a.v !== 0n || b.v !== 0n)
      case '&&':
        return B(a.v !== 0n && b.v !== 0n)
      case '|':
        return this.norm(x | y, u)
      case '^':
        return this.norm(x ^ y, u)
      case '&':
        return this.norm(x & y, u)
      case '==':
        return B(x === y)
      case '!=':
        return B(x !== y)
      case '<':
        return B(x < y)
      case '>':
        return B(x > y)
      case '<=':
        return B(x <= y)
      case '>=':
        return B(x >= y)
      case '<<':
        return this.norm(x << (y & 63n), a.u)
      case '>>':
        return this.norm(x >> (y & 63n), a.u)
      case '+':
        return this.norm(x + y, u)
      case '-':
        return this.norm(x - y, u)
      case '*':
        return this.norm(x * y, u)
      case '/':
      case '%':
        if (y === 0n) throw new Error('division by zero in #if')
        return this.norm(op === '/' ? x / y : x % y, u)
    }
    throw new Error('bad operator in #if')
  }
  private unary(): PV {
    const t = this.t[this.i++]
    if (!t) throw new Error('#if with no expression')
    if (t.k === 'p') {
      switch (t.v) {
        case '(': {
          const v = this.cond()
          if (this.peek() !== ')') throw new Error("missing ')' in expression")
          this.i++
          return v
        }
        case '!':
          return { v: this.unary().v === 0n ? 1n : 0n, u: false }
        case '-': {
          const v = this.unary()
          return this.norm(-v.v, v.u)
        }
        case '+':
          return this.unary()
        case '~': {
          const v = this.unary()
          return this.norm(~v.v, v.u)
        }
      }
      throw new Error(`token "${t.v}" is not valid in preprocessor expressions`)
    }
    if (t.k === 'num') {
      const p = parseIntLiteral(t.v)
      if (!p) throw new Error(`invalid integer constant "${t.v}" in #if`)
      return { v: p.value, u: p.unsigned }
    }
    if (t.k === 'chr') return { v: BigInt(charValue(t.v)), u: false }
    throw new Error(`token "${t.v}" is not valid in preprocessor expressions`)
  }
}

/** Parses a C integer literal: value and suffix info. */
export function parseIntLiteral(s: string): { value: bigint; unsigned: boolean; long: number; base: number } | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(s)
  if (!m) return null
  const suf = m[2].toLowerCase()
  if (!/^(u?(l|ll)?|(l|ll)u)$/.test(suf)) return null
  let body = m[1]
  let base = 10
  let value: bigint
  if (/^0[xX]/.test(body)) {
    base = 16
    value = BigInt(body)
  } else if (/^0[bB]/.test(body)) {
    base = 2
    value = BigInt(body)
  } else if (body.length > 1 && body[0] === '0') {
    base = 8
    body = body.slice(1)
    value = BigInt('0o' + body)
  } else value = BigInt(body)
  return { value, unsigned: suf.includes('u'), long: suf.includes('ll') ? 2 : suf.includes('l') ? 1 : 0, base }
}

/** Decodes escape sequences of a string/char literal body into byte values (UTF-8 for non-ASCII). */
export function decodeEscapes(body: string, wide = false): number[] {
  const out: number[] = []
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i)
    if (c !== 92) {
      if (c < 128 || wide) out.push(c)
      else {
        const cp = body.codePointAt(i)!
        if (cp > 0xffff) i++
        out.push(...utf8(cp))
      }
      continue
    }
    const e = body[++i]
    switch (e) {
      case 'n':
        out.push(10)
        break
      case 't':
        out.push(9)
        break
      case 'r':
        out.push(13)
        break
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        let v = 0
        let k = 0
        while (k < 3 && /[0-7]/.test(body[i] ?? '')) {
          v = v * 8 + Number(body[i])
          i++
          k++
        }
        i--
        out.push(wide ? v : v & 255)
        break
      }
      case 'x': {
        let v = 0
        i++
        while (/[0-9a-fA-F]/.test(body[i] ?? '')) {
          v = v * 16 + parseInt(body[i], 16)
          i++
        }
        i--
        out.push(wide ? v : v & 255)
        break
      }
      case 'a':
        out.push(7)
        break
      case 'b':
        out.push(8)
        break
      case 'f':
        out.push(12)
        break
      case 'v':
        out.push(11)
        break
      case 'e':
        out.push(27)
        break
      default:
        out.push(e.charCodeAt(0))
    }
  }
  return out
}

/** Value of a character constant as gcc computes it (int, plain char signed). */
export function charValue(lit: string): number {
  const wide = lit[0] !== "'"
  const body = lit.slice(lit.indexOf("'") + 1, -1)
  const bytes = decodeEscapes(body, wide)
  if (wide) return bytes[0] ?? 0
  if (bytes.length === 1) return (bytes[0] << 24) >> 24
  let v = 0
  for (const b of bytes) v = ((v << 8) | b) | 0
  return v
}

/** UTF-8 bytes of one code point. */
export function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp]
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
}

/** Encodes a JS string as UTF-8 bytes (no TextEncoder: this layer has no DOM/Node types). */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!
    if (cp > 0xffff) i++
    out.push(...utf8(cp))
  }
  return Uint8Array.from(out)
}
