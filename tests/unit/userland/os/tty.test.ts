import { describe, expect, it } from 'vitest'
import { ERESTARTSYS } from '../../../../electron/kernel/include/uapi/asm-generic/errno-base'
import { Tty } from '../../../../electron/userland/os/tty'

const text = (r: Uint8Array | number) => (typeof r === 'number' ? r : new TextDecoder().decode(r))

function tty() {
  const t = new Tty()
  const out: string[] = []
  const signals: Array<[number, number]> = []
  t.onOutput((d) => out.push(d))
  t.onSignal(({ pgrp, signo }) => signals.push([pgrp, signo]))
  return { t, out, signals }
}

describe('the terminal line discipline (canonical mode)', () => {
  it('hands a line to read() only when Enter is pressed, echoing as it goes', () => {
    const { t, out } = tty()
    t.input('ab')
    expect(t.read(100)).toBe(-ERESTARTSYS)
    t.input('c\r')
    expect(text(t.read(100))).toBe('abc\n')
    expect(out.join('')).toBe('abc\r\n')
  })

  it('edits the line: backspace and Ctrl-U', () => {
    const { t } = tty()
    t.input('helo\x7f\x7flp\r')
    expect(text(t.read(100))).toBe('help\n')
    t.input('garbage\x15ok\r')
    expect(text(t.read(100))).toBe('ok\n')
  })

  it('returns one line per read, and at most count bytes', () => {
    const { t } = tty()
    t.input('one\rtwo\r')
    expect(text(t.read(2))).toBe('on')
    expect(text(t.read(100))).toBe('e\n')
    expect(text(t.read(100))).toBe('two\n')
  })

  it('Ctrl-C signals the foreground group and discards the line; Ctrl-D is end of file', () => {
    const { t, signals } = tty()
    t.foregroundPgrp = 7
    t.input('half a line\x03')
    expect(signals).toEqual([[7, 2]])
    expect(t.read(10)).toBe(-ERESTARTSYS)
    t.input('\x04')
    expect(text(t.read(10))).toBe('')
    t.input('partial\x04')
    expect(text(t.read(10))).toBe('partial')
  })

  it('turns \\n into \\r\\n on output (ONLCR)', () => {
    const { t, out } = tty()
    t.write(new TextEncoder().encode('a\nb\n'))
    expect(out).toEqual(['a\r\nb\r\n'])
  })

  it('gives type-ahead back to the shell as Enter-terminated keystrokes', () => {
    const { t } = tty()
    t.input('ls\rpw')
    expect(t.takePending()).toBe('ls\rpw')
    expect(t.pendingInput).toBe(0)
  })

  it('passes bytes through untouched in raw mode', () => {
    const { t, out } = tty()
    t.icanon = false
    t.echo = false
    t.input('\x1b[A\x03')
    expect(text(t.read(10))).toBe('\x1b[A\x03')
    expect(out).toEqual([])
  })
})
