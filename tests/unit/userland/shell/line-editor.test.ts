import { describe, expect, it } from 'vitest'
import { LineEditor, MAX_LINE } from '../../../../electron/userland/shell/line-editor'

function typed(editor: LineEditor, ...chunks: string[]) {
  let output = ''
  const actions = []
  for (const chunk of chunks) {
    const r = editor.feed(chunk)
    output += r.output
    actions.push(...r.actions)
  }
  return { output, actions }
}

describe('LineEditor', () => {
  it('echoes printable characters and completes a line on Enter', () => {
    const e = new LineEditor()
    expect(e.startLine('$ ')).toBe('$ ')
    const r = typed(e, 'ls -l\r')
    expect(r.output).toBe('ls -l\r\n')
    expect(r.actions).toEqual([{ kind: 'line', text: 'ls -l' }])
    expect(e.active).toBe(false)
  })

  it('backspace removes the character before the cursor and redraws the tail', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    const r = typed(e, 'abc', '\x1b[D', '\x7f', '\r')
    expect(r.actions).toEqual([{ kind: 'line', text: 'ac' }])
    expect(r.output).toContain('\b')
  })

  it('backspace at the start of the line does nothing', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    expect(typed(e, '\x7f').output).toBe('')
  })

  it('walks history with the arrows and keeps the draft', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    typed(e, 'first\r')
    e.startLine('$ ')
    typed(e, 'second\r')
    e.startLine('$ ')
    typed(e, 'dra')
    typed(e, '\x1b[A')
    expect(e.text).toBe('second')
    typed(e, '\x1b[A')
    expect(e.text).toBe('first')
    typed(e, '\x1b[A') // past the oldest: stays
    expect(e.text).toBe('first')
    typed(e, '\x1b[B', '\x1b[B')
    expect(e.text).toBe('dra')
  })

  it('does not record blank lines or immediate repeats in history', () => {
    const e = new LineEditor()
    for (const line of ['a', 'a', '   ', 'b']) {
      e.startLine('$ ')
      typed(e, line + '\r')
    }
    expect(e.history).toEqual(['a', 'b'])
  })

  it('Ctrl-C abandons the line', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    const r = typed(e, 'sleep 10', '\x03')
    expect(r.output.endsWith('^C\r\n')).toBe(true)
    expect(r.actions).toEqual([{ kind: 'interrupt' }])
  })

  it('Ctrl-D is end of file only on an empty line', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    expect(typed(e, 'x\x1b[D\x04').actions).toEqual([])
    expect(e.text).toBe('')
    expect(typed(e, '\x04').actions).toEqual([{ kind: 'eof' }])
  })

  it('reassembles an escape sequence split across chunks', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    typed(e, 'ab', '\x1b', '[', 'D', 'X\r')
    expect(e.history.at(-1)).toBe('aXb')
  })

  it('swallows unknown escape sequences instead of echoing them', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    const r = typed(e, '\x1b[15~', 'a\r')
    expect(r.actions).toEqual([{ kind: 'line', text: 'a' }])
    expect(r.output).toBe('a\r\n')
  })

  it('keeps pasted lines after the first as type-ahead for the next prompt', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    const first = typed(e, 'one\r\ntwo\r')
    expect(first.actions).toEqual([{ kind: 'line', text: 'one' }])
    e.startLine('$ ')
    expect(e.feed('').actions).toEqual([{ kind: 'line', text: 'two' }])
  })

  it('Ctrl-U, Ctrl-K and Ctrl-W kill as readline does', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    typed(e, 'echo hello world', '\x17')
    expect(e.text).toBe('echo hello ')
    typed(e, '\x01', '\x1b[C', '\x0b')
    expect(e.text).toBe('e')
    typed(e, '\x05', 'xyz', '\x15')
    expect(e.text).toBe('')
  })

  it('refuses characters beyond the maximum line length with the bell', () => {
    const e = new LineEditor()
    e.startLine('$ ')
    e.feed('x'.repeat(MAX_LINE))
    expect(e.feed('y').output).toBe('\x07')
    expect(e.text.length).toBe(MAX_LINE)
  })
})
