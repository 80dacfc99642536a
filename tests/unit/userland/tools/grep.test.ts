import { describe, expect, it } from 'vitest'
import { grep } from '../../../../electron/userland/tools/grep'
import { translateRegex } from '../../../../electron/userland/tools/regex'
import { differential } from './diff-suite'

const log = 'INFO start\nWARN low memory\nERROR pin failed: -ENOMEM\ninfo done\nfoo(bar)\na+b=c\n[x]\nend$\nab\nabab\nwarn warning\n'

describe('grep (differential)', () => {
  differential('grep', grep, [
    { args: ['alpha', 'a.txt'] },
    { args: ['a', 'a.txt'] },
    { args: ['-v', 'a', 'a.txt'] },
    { args: ['-n', 'line 1', 'lines.txt'] },
    { args: ['-c', 'line', 'lines.txt'] },
    { args: ['-i', 'info'], stdin: log },
    { args: ['-E', 'WARN|ERROR'], stdin: log },
    { args: ['WARN\\|ERROR'], stdin: log },
    { args: ['^[A-Z]*$'], stdin: 'ABC\nabc\n\nA1\n' },
    { args: ['-E', '^(ab)+$'], stdin: log },
    { args: ['\\(ab\\)\\{2\\}'], stdin: log },
    { args: ['-E', '(ab){2}'], stdin: log },
    { args: ['a+b'], stdin: log },
    { args: ['-E', 'a\\+b'], stdin: log },
    { args: ['-F', 'a+b'], stdin: log },
    { args: ['-F', '[x]'], stdin: log },
    { args: ['[x]'], stdin: log },
    { args: ['end\\$'], stdin: log },
    { args: ['d$'], stdin: log },
    { args: ['foo(bar)'], stdin: log },
    { args: ['-E', 'foo\\(bar\\)'], stdin: log },
    { args: ['*b'], stdin: 'a*b\nab\n' },
    { args: ['-w', 'warn'], stdin: log },
    { args: ['-x', 'ab'], stdin: log },
    { args: ['-o', '[0-9]\\+'], stdin: 'a1b22c333\nnone\n' },
    { args: ['-q', 'ERROR'], stdin: log },
    { args: ['-q', 'nothing'], stdin: log },
    { args: ['nothing'], stdin: log },
    { args: ['-l', 'a', 'a.txt', 'lines.txt', 'nonl.txt'] },
    { args: ['-L', 'line', 'a.txt', 'lines.txt'] },
    { args: ['line 2', 'lines.txt', 'a.txt'] },
    { args: ['-h', 'e', 'a.txt', 'nonl.txt'] },
    { args: ['-H', 'beta', 'a.txt'] },
    { args: ['-c', 'a', 'a.txt', 'nonl.txt'] },
    { args: ['a', 'nosuch'] },
    { args: ['a', 'a.txt', 'nosuch'] },
    { args: ['-s', 'a', 'nosuch'] },
    { args: ['-q', 'a', 'nosuch', 'a.txt'] },
    { args: ['a', 'dir'] },
    { args: ['-e', 'alpha', '-e', 'gamma', 'a.txt'] },
    { args: ['[[:digit:]][[:digit:]]', 'lines.txt'] },
    { args: ['[^a-z ]', 'lines.txt'] },
    { args: ['-m', '2', 'line', 'lines.txt'] },
    { args: ['-n', 'printf', 'code.c'] },
    { args: ['-c', ''], stdin: 'a\n\nb\n' },
    { args: ['café', 'utf.txt'] },
    { args: ['[a'], stdin: 'x\n' },
    { args: ['\\(a'], stdin: 'x\n' },
    { args: ['-E', 'a{1,2}b'], stdin: 'ab\naab\nb\n' },
    { args: ['-E', 'x|'], stdin: 'abc\n' },
    { args: [] },
    { args: ['a', 'bin.dat'] },
    { args: ['-c', 'a', 'bin.dat'] },
    { args: ['-a', '-c', 'b', 'bin.dat'] },
    { args: ['x'], stdin: 'abc\u0000def\nxyz\n' },
    { args: ['-n', 'b', 'a.txt', 'bin.dat'] },
    { args: ['-l', 'a', 'bin.dat', 'a.txt'] },
    { args: ['-j', 'a'] },
    { args: ['--frobnicate', 'a'] }
  ])
})

describe('regex translation', () => {
  it.each([
    ['a\\{2,3\\}', false, 'a{2,3}'],
    ['\\(a\\)\\1', false, '(a)\\1'],
    ['a|b', false, 'a\\|b'],
    ['a\\|b', false, 'a|b'],
    ['a|b', true, 'a|b'],
    ['^*x', false, '^\\*x'],
    ['x^', false, 'x\\^'],
    ['$x', false, '\\$x'],
    ['[]a]', false, '[\\]a]'],
    ['[[:upper:]]', true, '[A-Z]']
  ])('%s (extended %s) → %s', (pattern, extended, source) => {
    expect(translateRegex(pattern, extended)).toEqual({ ok: true, source })
  })

  it('reports an unmatched group as GNU grep does', () => {
    expect(translateRegex('\\(a', false)).toEqual({ ok: false, error: 'Unmatched ( or \\(' })
    expect(translateRegex('[a', true)).toEqual({ ok: false, error: 'Unmatched [, [^, [:, [., or [=' })
  })
})
