import { describe } from 'vitest'
import { hexdump } from '../../../../electron/userland/tools/hexdump'
import { xxd } from '../../../../electron/userland/tools/xxd'
import { differential } from './diff-suite'

describe('hexdump', () => {
  differential('hexdump', hexdump, [
    { args: ['a.txt'] },
    { args: ['-C', 'a.txt'] },
    { args: ['bin.dat'] },
    { args: ['-C', 'bin.dat'] },
    { args: ['zeros.dat'] },
    { args: ['-C', 'zeros.dat'] },
    { args: ['-v', 'zeros.dat'] },
    { args: ['-C', 'nonl.txt', 'a.txt'] },
    { args: [], stdin: 'abc' },
    { args: ['-C'], stdin: 'hello, world\n' },
    { args: ['empty.txt'] },
    { args: ['-C', 'empty.txt'] },
    { args: ['nosuch'] },
    { args: ['nosuch', 'a.txt'] },
    { args: ['-C', 'utf.txt'] },
    { args: ['-C'], stdin: 'A'.repeat(40) + 'B'.repeat(8) }
  ])
})

describe('xxd', () => {
  differential('xxd', xxd, [
    { args: ['a.txt'] },
    { args: ['bin.dat'] },
    { args: ['-g', '1', 'a.txt'] },
    { args: ['-g', '4', 'lines.txt'] },
    { args: ['-g', '3', 'a.txt'] },
    { args: ['-g1', 'nonl.txt'] },
    { args: ['-l', '5', 'a.txt'] },
    { args: ['-s', '6', 'a.txt'] },
    { args: ['-s', '3', '-l', '4', 'a.txt'] },
    { args: ['-p', 'bin.dat'] },
    { args: ['-p', 'a.txt'] },
    { args: ['-c', '8', 'a.txt'] },
    { args: ['-u', 'bin.dat'] },
    { args: ['zeros.dat'] },
    { args: [], stdin: 'from stdin\n' },
    { args: ['empty.txt'] },
    { args: ['nosuch'] },
    { args: ['utf.txt'] }
  ])
})
