/** Declaration specifiers and declarators: C types as written, struct/union/enum definitions, typedef names. */
import type { Token } from './lexer'
import type { Expr, Sym } from './ast'
import {
  type ArrayType, type CType, type FuncType, type IntType, type StructDef, type StructType,
  T, alignOf, arrayOf, isInt, layoutStruct, ptrTo, qualify
} from './types'
import { evalConst } from './consteval'
import { ParserBase, type DeclSpec, ParseError, KEYWORDS, VA_LIST_TYPE } from './parser-base'

export abstract class TypeParser extends ParserBase {
  // ---------- declaration specifiers ----------
  protected declSpec(allowStorage = true): DeclSpec {
    this.pendingAlign = 0
    let storage: DeclSpec['storage'] = null
    let inline = false
    let isConst = false
    let isVolatile = false
    let base: CType | null = null
    const counts: Record<string, number> = {}
    let any = false
    const startTok = this.t
    while (true) {
      const t = this.t
      if (t.k !== 'id') break
      const v = t.v
      if (v === 'typedef' || v === 'extern' || v === 'static' || v === 'auto' || v === 'register') {
        if (!allowStorage) {
          this.error(this.loc(), `storage class specified for parameter`)
        }
        if (storage && storage !== v) this.error(this.loc(), 'multiple storage classes in declaration specifiers')
        storage = v
        this.i++
        any = true
        continue
      }
      if (v === '_Thread_local' || v === '__thread') {
        this.i++
        continue
      }
      if (v === 'inline' || v === '_Noreturn') {
        inline = true
        this.i++
        continue
      }
      if (v === 'const') {
        isConst = true
        this.i++
        any = true
        continue
      }
      if (v === 'volatile') {
        isVolatile = true
        this.i++
        any = true
        continue
      }
      if (v === 'restrict' || v === '_Atomic' || v === '_Complex') {
        if (v === '_Complex') this.sorry(this.loc(), '_Complex types')
        this.i++
        continue
      }
      if (v === '__attribute__' || v === '__extension__' || v === 'asm') {
        this.skipAttributes()
        continue
      }
      if (v === '_Alignas') {
        this.i++
        this.expect('(')
        const al = this.isTypeStart() ? alignOf(this.typeName()) : this.constInt(this.condExpr())
        this.expect(')')
        if (al > 0 && (al & (al - 1)) === 0) this.pendingAlign = Math.max(this.pendingAlign, al)
        continue
      }
      if (v === 'struct' || v === 'union') {
        if (base || Object.keys(counts).length) this.error(this.loc(), 'two or more data types in declaration specifiers')
        base = this.structSpec()
        any = true
        continue
      }
      if (v === 'enum') {
        if (base || Object.keys(counts).length) this.error(this.loc(), 'two or more data types in declaration specifiers')
        base = this.enumSpec()
        any = true
        continue
      }
      if (v === 'typeof') {
        this.i++
        this.expect('(')
        if (this.isTypeStart()) base = this.typeName()
        else base = this.expr().ty
        this.expect(')')
        any = true
        continue
      }
      if (v === '__builtin_va_list') {
        base = VA_LIST_TYPE
        this.i++
        any = true
        continue
      }
      if (['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', '__int128'].includes(v)) {
        if (v === '__int128') this.sorry(this.loc(), '__int128')
        if (base && this.tagDefinedAt === this.i - 1) break // "struct s { … }" missing its ';'
        if (base) this.error(this.loc(), 'two or more data types in declaration specifiers')
        counts[v] = (counts[v] ?? 0) + 1
        this.i++
        any = true
        continue
      }
      if (!base && Object.keys(counts).length === 0 && this.isTypedefName(t)) {
        base = this.lookup(v)!.ty
        this.i++
        any = true
        continue
      }
      break
    }
    let ty: CType
    let noTypeGiven = false
    if (base) ty = base
    else {
      const c = (k: string) => counts[k] ?? 0
      const key = Object.keys(counts).sort().map((k) => k + c(k)).join(' ')
      const unsigned = c('unsigned') > 0
      if (c('void')) ty = T.void
      else if (c('_Bool')) ty = T.bool
      else if (c('char')) ty = unsigned ? T.uchar : c('signed') ? T.schar : T.char
      else if (c('short')) ty = unsigned ? T.ushort : T.short
      else if (c('long') >= 2) ty = unsigned ? T.ullong : T.llong
      else if (c('long') && c('double')) ty = T.ldouble
      else if (c('long')) ty = unsigned ? T.ulong : T.long
      else if (c('float')) ty = T.float
      else if (c('double')) ty = T.double
      else if (c('int') || c('signed') || unsigned) ty = unsigned ? T.uint : T.int
      else {
        ty = T.int
        noTypeGiven = true
        if (!any) {
          this.error(this.loc(startTok), `expected declaration specifiers before ${this.tokDesc(startTok)}`)
          throw new ParseError()
        }
        this.warn(this.loc(startTok), "type defaults to 'int' in declaration of variable [-Wimplicit-int]")
      }
      void key
    }
    const align = this.takeAlign()
    return { ty: qualify(ty, { const: isConst, volatile: isVolatile }), storage, inline, noTypeGiven, align }
  }

  protected structSpec(): CType {
    const isUnion = this.t.v === 'union'
    this.i++
    this.pendingAlign = 0
    let packed = this.skipAttributesPacked()
    let structAlign = this.takeAlign()
    let tag: string | null = null
    const tagTok = this.t
    if (this.t.k === 'id' && !this.is('{')) {
      tag = this.t.v
      this.i++
    }
    packed = this.skipAttributesPacked() || packed
    structAlign = Math.max(structAlign, this.takeAlign())
    if (!this.is('{')) {
      if (!tag) {
        this.error(this.loc(), `expected '{' before ${this.tokDesc(this.t)}`)
        throw new ParseError()
      }
      const found = this.lookupTag(tag)
      if (found && !(this.is(';') && this.scope.tags.get(tag) !== found)) {
        if (found.k !== 'struct' || found.def.union !== isUnion) this.error(this.loc(tagTok), `'${tag}' defined as wrong kind of tag`)
        return found
      }
      const def: StructDef = { tag, union: isUnion, members: [], size: 0, align: 1, complete: false }
      const ty: StructType = { k: 'struct', def }
      this.scope.tags.set(tag, ty)
      return ty
    }
    this.i++
    let ty: StructType
    const existing = tag ? this.scope.tags.get(tag) : undefined
    if (existing && existing.k === 'struct' && !existing.def.complete) ty = existing
    else {
      if (existing && existing.k === 'struct' && existing.def.complete) this.error(this.loc(tagTok), `redefinition of '${isUnion ? 'union' : 'struct'} ${tag}'`)
      ty = { k: 'struct', def: { tag, union: isUnion, members: [], size: 0, align: 1, complete: false } }
      if (tag) this.scope.tags.set(tag, ty)
    }
    const members: { name: string | null; ty: CType; bitWidth?: number; align?: number }[] = []
    while (!this.is('}')) {
      if (this.t.k === 'eof') this.expectedBefore("'}'")
      if (this.accept(';')) continue
      if (this.is('_Static_assert')) {
        this.staticAssert()
        continue
      }
      const ds = this.declSpec(false)
      if (this.accept(';')) {
        if (ds.ty.k === 'struct' && !ds.ty.def.tag) members.push({ name: null, ty: ds.ty })
        else if (ds.ty.k === 'struct') members.push({ name: null, ty: ds.ty })
        continue
      }
      while (true) {
        let name: string | null = null
        let mty = ds.ty
        this.pendingAlign = 0
        if (!this.is(':')) {
          const d = this.declarator(ds.ty)
          name = d.name
          mty = d.ty
        }
        this.skipAttributes()
        const malign = Math.max(ds.align ?? 0, this.takeAlign())
        if (this.accept(':')) {
          const w = this.constInt(this.condExpr())
          if (mty.k !== 'int') this.error(this.loc(), `bit-field '${name}' has invalid type`)
          members.push({ name, ty: mty, bitWidth: w })
        } else {
          if (mty.k === 'struct' && !mty.def.complete) this.error(this.loc(), `field '${name}' has incomplete type`)
          members.push({ name, ty: mty, align: malign || undefined })
        }
        this.skipAttributes()
        if (!this.accept(',')) break
      }
      if (!this.is(';')) this.expectedBefore("';'")
      this.i++
    }
    this.i++
    this.tagDefinedAt = this.i - 1
    this.pendingAlign = 0
    packed = this.skipAttributesPacked() || packed
    structAlign = Math.max(structAlign, this.takeAlign())
    layoutStruct(ty.def, members, packed)
    if (structAlign > ty.def.align) {
      ty.def.align = structAlign
      ty.def.size = Math.ceil(ty.def.size / structAlign) * structAlign
    }
    return ty
  }

  protected enumSpec(): CType {
    this.i++
    this.skipAttributes()
    let tag: string | null = null
    if (this.t.k === 'id') {
      tag = this.t.v
      this.i++
    }
    if (!this.is('{')) {
      if (!tag) this.expectedBefore("'{'")
      const found = this.lookupTag(tag!)
      if (found) return found
      const ty: IntType = { ...T.uint, isEnum: true, name: tag! }
      this.scope.tags.set(tag!, ty)
      return ty
    }
    this.i++
    let val = 0
    const consts: Sym[] = []
    while (!this.is('}')) {
      const nt = this.t
      if (nt.k !== 'id') this.expectedBefore('identifier')
      this.i++
      this.skipAttributes()
      if (this.accept('=')) val = this.constInt(this.condExpr())
      const s: Sym = { name: nt.v, ty: T.int, kind: 'enumc', loc: this.loc(nt), value: val }
      if (this.scope.vars.has(nt.v)) this.error(this.loc(nt), `redeclaration of enumerator '${nt.v}'`)
      this.scope.vars.set(nt.v, s)
      consts.push(s)
      val = (val + 1) | 0
      if (!this.accept(',')) break
    }
    this.expect('}')
    this.tagDefinedAt = this.i - 1
    const neg = consts.some((c) => c.value! < 0)
    const ty: IntType = { ...(neg ? T.int : T.uint), isEnum: true, name: tag ?? '<anonymous>' }
    if (tag) this.scope.tags.set(tag, ty)
    return ty
  }

  // ---------- declarators ----------
  protected declarator(base: CType, abstract = false): { name: string | null; nameTok: Token | null; ty: CType; paramSyms?: Sym[] } {
    let ty = base
    while (this.accept('*')) {
      ty = ptrTo(ty)
      while (true) {
        if (this.accept('const')) ty = qualify(ty, { const: true })
        else if (this.accept('volatile')) ty = qualify(ty, { volatile: true })
        else if (this.accept('restrict') || this.accept('_Atomic')) continue
        else if (this.is('__attribute__')) this.skipAttributes()
        else break
      }
    }
    this.skipAttributes()
    if (this.is('(') && !this.isTypeStart(this.peekTok()) && !this.peekTok().v.startsWith(')')) {
      // nested declarator: parse it later with the suffixed type
      const start = this.i
      this.i++
      let d = 1
      while (d > 0 && this.t.k !== 'eof') {
        if (this.is('(')) d++
        else if (this.is(')')) d--
        this.i++
      }
      const suffix = this.typeSuffix(ty)
      const end = this.i
      this.i = start + 1
      const inner = this.declarator(suffix.ty, abstract)
      this.expect(')')
      this.i = end
      return { ...inner, paramSyms: inner.paramSyms ?? suffix.paramSyms }
    }
    let name: string | null = null
    let nameTok: Token | null = null
    if (this.t.k === 'id' && !KEYWORDS.has(this.t.v)) {
      nameTok = this.t
      name = this.t.v
      this.i++
    } else if (!abstract && !this.is('(') && !this.is('[')) {
      // leave the error to the caller
    }
    const suf = this.typeSuffix(ty)
    return { name, nameTok, ty: suf.ty, paramSyms: suf.paramSyms }
  }

  protected typeSuffix(ty: CType): { ty: CType; paramSyms?: Sym[] } {
    if (this.is('(')) {
      this.i++
      const { params, variadic, syms } = this.paramList()
      const rest = this.typeSuffix(ty)
      if (rest.ty.k === 'func') this.error(this.loc(), 'function returning a function')
      if (rest.ty.k === 'array') this.error(this.loc(), 'function returning an array')
      const ft: FuncType = { k: 'func', ret: rest.ty, params, variadic, paramNames: syms.map((s) => s.name || null) }
      return { ty: ft, paramSyms: syms }
    }
    if (this.is('[')) {
      const at = this.t
      this.i++
      while (this.accept('static') || this.accept('const') || this.accept('restrict') || this.accept('volatile'));
      let len: number | null = null
      let lenExpr: Expr | null = null
      if (!this.is(']')) {
        if (this.is('*')) this.i++
        else {
          const e = this.assignExpr()
          const c = isInt(e.ty) ? evalConst(e) : null
          if (c === null) {
            if (!isInt(e.ty)) this.error(this.loc(at), 'size of array has non-integer type')
            lenExpr = e
          } else {
            len = Number(c)
            if (len < 0) this.error(this.loc(at), 'size of array is negative')
          }
        }
      }
      this.expect(']', "']'")
      const rest = this.typeSuffix(ty)
      if (rest.ty.k === 'struct' && !rest.ty.def.complete) this.error(this.loc(at), 'array type has incomplete element type')
      const at2: ArrayType & { lenExpr?: Expr } = arrayOf(rest.ty, len)
      if (lenExpr) {
        at2.vla = true
        at2.lenExpr = lenExpr
      }
      return { ty: at2 }
    }
    return { ty }
  }

  protected paramList(): { params: CType[] | null; variadic: boolean; syms: Sym[] } {
    if (this.accept(')')) return { params: null, variadic: false, syms: [] }
    if (this.is('void') && this.peekTok().v === ')') {
      this.i += 2
      return { params: [], variadic: false, syms: [] }
    }
    const params: CType[] = []
    const syms: Sym[] = []
    let variadic = false
    this.push()
    try {
      while (true) {
        if (this.accept('...')) {
          variadic = true
          break
        }
        if (!this.isTypeStart()) {
          if (this.t.k === 'id') {
            // K&R identifier list or unknown type
            if (this.peekTok().v === ',' || this.peekTok().v === ')') this.sorry(this.loc(), 'old-style (K&R) parameter declarations')
            this.error(this.loc(), `unknown type name '${this.t.v}'`, this.t.v.length)
            this.i++
          } else this.expectedBefore('declaration specifiers or \'...\'')
        }
        const st = this.t
        const ds = this.t.k === 'id' && !this.isTypeStart() ? { ty: T.int, storage: null, inline: false, noTypeGiven: true } : this.declSpec()
        const d = this.declarator(ds.ty, true)
        this.skipAttributes()
        let pty = d.ty
        if (pty.k === 'array') pty = qualify(ptrTo(pty.of), { const: pty.const })
        else if (pty.k === 'func') pty = ptrTo(pty)
        params.push(pty)
        const s: Sym = { name: d.name ?? '', ty: pty, kind: 'local', loc: this.loc(d.nameTok ?? st) }
        syms.push(s)
        if (d.name) this.scope.vars.set(d.name, s)
        if (!this.accept(',')) break
      }
    } finally {
      this.pop()
    }
    this.expect(')', "')'")
    return { params, variadic, syms }
  }

  typeName(): CType {
    const ds = this.declSpec()
    return this.declarator(ds.ty, true).ty
  }


  // ---------- attributes, alignment, _Static_assert ----------
  protected pendingAlign = 0
  protected takeAlign(): number {
    const a = this.pendingAlign
    this.pendingAlign = 0
    return a
  }

  protected skipAttributes(): void {
    while (true) {
      if (this.is('__attribute__') || this.is('__attribute')) {
        this.i++
        const st = this.i
        this.skipParens()
        const end = this.i
        for (let j = st; j < end; j++) {
          const v = this.toks[j].v
          if ((v === 'aligned' || v === '__aligned__') && this.toks[j].k === 'id') {
            let al = 16
            if (this.toks[j + 1]?.v === '(') {
              const save = this.i
              this.i = j + 2
              try {
                al = this.constInt(this.condExpr())
              } catch {
                al = 16
              }
              this.i = save
            }
            if (al > 0 && (al & (al - 1)) === 0) this.pendingAlign = Math.max(this.pendingAlign, al)
            else this.error(this.loc(this.toks[j]), 'requested alignment is not a positive power of 2')
          }
        }
      } else if (this.is('asm') || this.is('__asm__')) {
        this.i++
        while (this.is('volatile') || this.is('goto') || this.is('inline')) this.i++
        this.skipParens()
      } else if (this.is('__extension__')) this.i++
      else return
    }
  }
  /** skips attributes; true if one of them was packed */
  protected skipAttributesPacked(): boolean {
    const st = this.i
    this.skipAttributes()
    for (let j = st; j < this.i; j++) if (this.toks[j].v === 'packed' || this.toks[j].v === '__packed__') return true
    return false
  }
  protected skipParens(): void {
    this.expect('(')
    let d = 1
    while (d > 0 && this.t.k !== 'eof') {
      if (this.is('(')) d++
      else if (this.is(')')) d--
      this.i++
    }
  }

  protected staticAssert(): void {
    const at = this.t
    this.i++
    this.expect('(')
    const e = this.condExpr()
    let msg = ''
    if (this.accept(',')) msg = this.stringLit().text
    this.expect(')')
    this.expect(';')
    const v = this.constInt(e)
    if (v === 0) this.error(this.loc(at), `static assertion failed: "${msg}"`)
  }

  /** Declarators after the specifiers; at file scope may be a function definition. */

}
