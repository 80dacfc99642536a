import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parse } from '../../../../electron/userland/shell/parser'
import type { List } from '../../../../electron/userland/shell/ast'

function ok(text: string): List {
  const r = parse(text)
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`)
  return r.list
}

function error(text: string): { message: string; incomplete: boolean; status: number } {
  const r = parse(text)
  if (r.ok) throw new Error('expected a syntax error')
  return { message: r.error.message, incomplete: r.error.incomplete, status: r.error.status }
}

describe('parser', () => {
  it('parses a simple command into words with their quoting', () => {
    const list = ok(`echo 'a b' "c $x" d\\ e`)
    const cmd = list.items[0]!.andOr.first.commands[0]!
    expect(cmd).toEqual({
      kind: 'simple',
      assigns: [],
      redirects: [],
      line: 1,
      text: `echo 'a b' "c $x" d\\ e`,
      words: [
        { parts: [{ kind: 'lit', text: 'echo' }] },
        { parts: [{ kind: 'quoted', text: 'a b' }] },
        { parts: [{ kind: 'dquote', parts: [{ kind: 'quoted', text: 'c ' }, { kind: 'param', name: 'x' }] }] },
        { parts: [{ kind: 'lit', text: 'd' }, { kind: 'quoted', text: ' ' }, { kind: 'lit', text: 'e' }] }
      ]
    })
  })

  it('parses lists, and-or chains, pipelines, negation and background', () => {
    const list = ok('a | b && ! c || d; e &')
    expect(list.items).toHaveLength(2)
    const first = list.items[0]!.andOr
    expect(first.first.commands).toHaveLength(2)
    expect(first.rest.map((r) => r.op)).toEqual(['&&', '||'])
    expect(first.rest[0]!.pipeline.negate).toBe(true)
    expect(list.items[1]!.background).toBe(true)
  })

  it('parses every redirection form', () => {
    const cmd = ok('cmd <in >out >>app 2>err 2>>err2 2>&1 >&2 &>all 3>three 4<&0 5>&-').items[0]!.andOr.first.commands[0]!
    expect(cmd.kind).toBe('simple')
    if (cmd.kind !== 'simple') return
    expect(cmd.redirects.map((r) => [r.fd, r.op, r.target.parts.map((p) => (p as { text: string }).text).join('')])).toEqual([
      [null, '<', 'in'],
      [null, '>', 'out'],
      [null, '>>', 'app'],
      [2, '>', 'err'],
      [2, '>>', 'err2'],
      [2, '>&', '1'],
      [null, '>&', '2'],
      [null, '&>', 'all'],
      [3, '>', 'three'],
      [4, '<&', '0'],
      [5, '>&', '-']
    ])
  })

  it('separates assignments from words', () => {
    const cmd = ok('A=1 B="x y" cmd C=3').items[0]!.andOr.first.commands[0]!
    if (cmd.kind !== 'simple') throw new Error('simple expected')
    expect(cmd.assigns.map((a) => a.name)).toEqual(['A', 'B'])
    expect(cmd.words).toHaveLength(2)
  })

  it('parses compound commands', () => {
    expect(ok('if a; then b; elif c; then d; else e; fi').items[0]!.andOr.first.commands[0]!.kind).toBe('if')
    expect(ok('while a; do b; done').items[0]!.andOr.first.commands[0]!.kind).toBe('while')
    expect(ok('until a; do b; done').items[0]!.andOr.first.commands[0]!).toMatchObject({ kind: 'while', until: true })
    expect(ok('for i in 1 2; do echo $i; done').items[0]!.andOr.first.commands[0]!).toMatchObject({ kind: 'for', name: 'i' })
    expect(ok('(a; b) > f').items[0]!.andOr.first.commands[0]!).toMatchObject({ kind: 'subshell' })
    expect(ok('{ a; b; }').items[0]!.andOr.first.commands[0]!).toMatchObject({ kind: 'group' })
    expect(ok('for x\ndo\n echo\ndone').items).toHaveLength(1)
  })

  it('parses command substitutions, including nested ones and ) inside quotes', () => {
    const cmd = ok('echo $(echo ")" $(date)) `echo \\`x\\``').items[0]!.andOr.first.commands[0]!
    if (cmd.kind !== 'simple') throw new Error('simple expected')
    expect(cmd.words[1]!.parts[0]!.kind).toBe('cmdsub')
    expect(cmd.words[2]!.parts[0]!.kind).toBe('cmdsub')
  })

  it('treats reserved words as words outside command position and # as a comment only at word start', () => {
    const cmd = ok('echo if then fi a#b # comment').items[0]!.andOr.first.commands[0]!
    if (cmd.kind !== 'simple') throw new Error('simple expected')
    expect(cmd.words.map((w) => (w.parts[0] as { text: string }).text)).toEqual(['echo', 'if', 'then', 'fi', 'a#b'])
  })

  it.each([
    ['echo a; ;', "syntax error near unexpected token `;'"],
    ['| a', "syntax error near unexpected token `|'"],
    ['a && && b', "syntax error near unexpected token `&&'"],
    ['a >', "syntax error near unexpected token `newline'"],
    ['a > ;', "syntax error near unexpected token `;'"],
    ['a )', "syntax error near unexpected token `)'"],
    ['fi', "syntax error near unexpected token `fi'"],
    ['&', "syntax error near unexpected token `&'"],
    ['echo ;;', "syntax error near unexpected token `;;'"],
    ['x=1 a> >b', "syntax error near unexpected token `>'"],
    ['a 2>&', "syntax error near unexpected token `newline'"],
    ['if true; then fi', "syntax error near unexpected token `fi'"]
  ])('%s → %s (bash wording)', (text, message) => {
    expect(error(text)).toEqual({ message, incomplete: false, status: 2 })
  })

  it.each([
    ['echo "abc', 'unexpected EOF while looking for matching `"\''],
    ["echo 'abc", "unexpected EOF while looking for matching `''"],
    ['echo $(ls', "unexpected EOF while looking for matching `)'"],
    ['echo `ls', "unexpected EOF while looking for matching ``'"],
    ['echo ${x', "unexpected EOF while looking for matching `}'"],
    ['echo a |', 'syntax error: unexpected end of file'],
    ['if true; then', 'syntax error: unexpected end of file'],
    ['a ||', 'syntax error: unexpected end of file'],
    ['(a', 'syntax error: unexpected end of file']
  ])('%s is incomplete: %s', (text, message) => {
    expect(error(text)).toEqual({ message, incomplete: true, status: 2 })
  })

  it('keeps a bad substitution for expansion time, as bash does', () => {
    const cmd = ok('echo ${1a} ok').items[0]!.andOr.first.commands[0]!
    if (cmd.kind !== 'simple') throw new Error('simple expected')
    expect(cmd.words[1]!.parts).toEqual([{ kind: 'bad', text: '${1a}' }])
    expect(cmd.words[2]!.parts).toEqual([{ kind: 'lit', text: 'ok' }])
  })

  it('records line numbers and source text of commands', () => {
    const list = ok('echo a\n\nls -l  /tmp # c\nif true; then\n  pwd\nfi')
    const lines = list.items.map((i) => i.andOr.first.commands[0]!)
    expect(lines[0]).toMatchObject({ line: 1, text: 'echo a' })
    expect(lines[1]).toMatchObject({ line: 3, text: 'ls -l  /tmp' })
    const inner = lines[2]!.kind === 'if' ? lines[2].clauses[0]!.body.items[0]!.andOr.first.commands[0]! : null
    expect(inner).toMatchObject({ line: 5, text: 'pwd' })
  })

  it('locates syntax errors: the line and the source line shown by bash', () => {
    const r = parse('echo a\nb )\necho c\n')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect([r.error.line, r.error.sourceLine]).toEqual([2, 'b )'])
  })

  it('refuses unsupported constructs with a message', () => {
    expect(error('cat <<EOF').message).toBe('here-documents are not supported by this shell')
    expect(error('case x in esac').message).toBe('case: not supported by this shell')
  })

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parse(s)
        expect(typeof r.ok).toBe('boolean')
      }),
      { numRuns: 2000 }
    )
    fc.assert(
      fc.property(fc.array(fc.constantFrom('$(', ')', '`', '"', "'", '${', '}', '|', '&&', ';', 'if', 'then', 'fi', ' ', 'a', '\\', '\n', '((', '))', '<', '>&', '2'), { maxLength: 30 }), (parts) => {
        const r = parse(parts.join(''))
        expect(typeof r.ok).toBe('boolean')
      }),
      { numRuns: 3000 }
    )
  })

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = '$('.repeat(5000) + ')'.repeat(5000)
    const r = parse('echo ' + deep)
    expect(r.ok).toBe(false)
  })
})
