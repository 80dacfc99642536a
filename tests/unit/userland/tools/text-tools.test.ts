import { describe } from 'vitest'
import { cat } from '../../../../electron/userland/tools/cat'
import { head } from '../../../../electron/userland/tools/head'
import { tail } from '../../../../electron/userland/tools/tail'
import { wc } from '../../../../electron/userland/tools/wc'
import { echo } from '../../../../electron/userland/tools/echo'
import { differential } from './diff-suite'

describe('cat', () => {
  differential('cat', cat, [
    { args: ['a.txt'] },
    { args: ['a.txt', 'nonl.txt', 'a.txt'] },
    { args: ['-n', 'a.txt', 'nonl.txt'] },
    { args: ['-n', 'lines.txt'] },
    { args: ['-b', 'blank.txt'] },
    { args: ['-s', 'blank.txt'] },
    { args: ['-E', 'a.txt'] },
    { args: ['-nE', 'blank.txt'] },
    { args: [], stdin: 'from stdin\nsecond\n' },
    { args: ['-', 'a.txt'], stdin: 'piped\n' },
    { args: ['nosuch'] },
    { args: ['a.txt', 'nosuch', 'nonl.txt'] },
    { args: ['dir'] },
    { args: ['-x', 'a.txt'] },
    { args: ['utf.txt', 'empty.txt', 'bin.dat'] },
    { args: ['-n', 'utf.txt'] },
    { args: ['-A', 'code.c'] },
    { args: ['-v', 'bin.dat'] },
    { args: ['-A', 'utf.txt', 'bin.dat'] },
    { args: ['-T', 'code.c'] },
    { args: ['-e', 'nonl.txt'] },
    { args: ['-t', 'code.c'] },
    { args: ['-sn', 'blank.txt'] },
    { args: ['-bA', 'blank.txt'] }
  ])
})

describe('head', () => {
  differential('head', head, [
    { args: ['lines.txt'] },
    { args: ['-n', '3', 'lines.txt'] },
    { args: ['-n3', 'lines.txt'] },
    { args: ['-3', 'lines.txt'] },
    { args: ['-n', '-20', 'lines.txt'] },
    { args: ['-c', '7', 'a.txt'] },
    { args: ['-c', '-3', 'a.txt'] },
    { args: ['-n', '2', 'a.txt', 'lines.txt'] },
    { args: ['-q', '-n', '1', 'a.txt', 'lines.txt'] },
    { args: ['-v', 'a.txt'] },
    { args: ['-n', '1', 'a.txt', 'nosuch', 'lines.txt'] },
    { args: ['-n', '2'], stdin: 'one\ntwo\nthree\n' },
    { args: ['-n', '2', '-', 'a.txt'], stdin: 'one\ntwo\nthree\n' },
    { args: ['-n', 'x', 'a.txt'] },
    { args: ['nonl.txt'] },
    { args: ['-n', '0', 'a.txt'] },
    { args: ['dir'] }
  ])
})

describe('tail', () => {
  differential('tail', tail, [
    { args: ['lines.txt'] },
    { args: ['-n', '3', 'lines.txt'] },
    { args: ['-n', '+22', 'lines.txt'] },
    { args: ['-3', 'lines.txt'] },
    { args: ['-c', '5', 'a.txt'] },
    { args: ['-c', '+3', 'a.txt'] },
    { args: ['-n', '2', 'a.txt', 'lines.txt'] },
    { args: ['nonl.txt'] },
    { args: ['-n', '1', 'a.txt', 'nosuch'] },
    { args: ['-n', '2'], stdin: 'one\ntwo\nthree\n' },
    { args: ['-n', '0', 'a.txt'] },
    { args: ['-n', 'y', 'a.txt'] },
    { args: ['empty.txt'] }
  ])
})

describe('wc', () => {
  differential('wc', wc, [
    { args: ['a.txt'] },
    { args: ['-l', 'a.txt'] },
    { args: ['-w', 'words.txt'] },
    { args: ['-c', 'lines.txt'] },
    { args: ['-lw', 'a.txt', 'lines.txt'] },
    { args: ['a.txt', 'lines.txt', 'nonl.txt'] },
    { args: ['big.txt', 'a.txt'] },
    { args: [], stdin: 'one two\nthree\n' },
    { args: ['-l'], stdin: 'one two\nthree\n' },
    { args: ['-m', 'utf.txt'] },
    { args: ['-c', 'utf.txt'] },
    { args: ['nosuch'] },
    { args: ['a.txt', 'nosuch'] },
    { args: ['nosuch', 'a.txt'] },
    { args: ['-', 'a.txt'], stdin: 'x y z\n' },
    { args: ['empty.txt'] },
    { args: ['bin.dat'] },
    { args: ['dir'] }
  ])
})

describe('echo (/usr/bin/echo)', () => {
  differential('echo', echo, [
    { args: ['hello', 'world'] },
    { args: ['-n', 'no newline'] },
    { args: ['-e', 'tab\\there\\nnext'] },
    { args: ['-E', 'raw\\n'] },
    { args: ['-e', 'stop\\cnever'] },
    { args: ['-e', '\\x41\\0102\\0'] },
    { args: ['-ne', 'a\\tb'] },
    { args: ['-x', 'not an option'] },
    { args: ['--', 'dashes'] },
    { args: [] },
    { args: ['-e', '\\u00e9\\\\ \\a\\q'] }
  ])
})

import { seq } from '../../../../electron/userland/tools/seq'

describe('seq', () => {
  differential('seq', seq, [
    { args: ['3'] },
    { args: ['2', '4'] },
    { args: ['1', '2', '7'] },
    { args: ['5', '-2', '1'] },
    { args: ['-s,', '3'] },
    { args: ['-s', ' ', '4'] },
    { args: ['-w', '8', '11'] },
    { args: ['-w', '-3', '2'] },
    { args: ['0.5', '1.5'] },
    { args: ['1', '0.3', '2'] },
    { args: ['3', '1'] },
    { args: ['0'] },
    { args: [] },
    { args: ['x'] },
    { args: ['1', '0', '3'] },
    { args: ['1', '2', '3', '4'] },
    { args: ['10000'] }
  ])
})
