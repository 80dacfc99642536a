import { describe, expect, it } from 'vitest'
import { pinlabShell, realBash } from './bash-diff'
import { expandWord, type ExpandContext } from '../../../../electron/userland/shell/expand'
import { parse } from '../../../../electron/userland/shell/parser'
import type { Word } from '../../../../electron/userland/shell/ast'

const FILES = { 'a.txt': '', 'b.txt': '', 'c.log': '', '.hidden': '', 'dir/x.c': '', 'dir/y.c': '', 'sp ace.txt': '', 'B.txt': '' }

describe('expansion, compared with bash -c', () => {
  it.each([
    `args a   b "c d" 'e  f' g\\ h`,
    `x="1 2  3"; args $x "$x" \${x}`,
    `x=; args $x "$x" '' ""`,
    `args \${u:-default} \${u-d2} "\${u:-a b}" \${u:-"q r"}`,
    `x=; args \${x:-colon} \${x-nocolon}`,
    `x=val; args \${x:+alt} \${u:+alt} "\${x:+a b}"`,
    `x=hello; args \${#x} \${#u}`,
    `f=path/to/file.tar.gz; args \${f#*/} \${f##*/} \${f%.*} \${f%%.*} \${f#nomatch}`,
    `IFS=:; x=a:b::c; args $x`,
    `IFS=': '; x=' a : b  c:'; args $x`,
    `IFS=; x='a b'; args $x`,
    `args "$(echo a b)" $(echo c   d) "$(echo -e 'x\\n\\n')"`,
    `args $((1+2)) $((10/3)) $((2**10)) $((-7%3)) $((1<<4)) $((x=5)) $x $((0x10)) $((010)) $((3>2&&1))`,
    `HOME=/root; args ~ ~/x "~" \\~ ~root a~`,
    `HOME=/root; X=~/a:~/b:c~; args $X "$X"`,
    `set -- a "b c"; args "$@" $@ "$*" $* $# "$1" "$2"`,
    `set --; args "$@" x "$@"`,
    `args "a"b'c'\\d "e"'f'`,
    `x=v; args \\$x '\\$x' "\\$x" "\\\\" "\\"" "a\\b"`,
    `args *.txt`,
    `args ?.txt`,
    `args [ab]*`,
    `args [!a]*.txt`,
    `args "*.txt" '*'.txt \\*.txt`,
    `args nomatch* nomatch?`,
    `args .h*`,
    `args dir/*.c */x.c`,
    `args */ d*/`,
    `x='*.log'; args $x "$x"`,
    `false; args $?; true; args $?`,
    `x=1; y=$x$x; args $y`,
    `a=1 b=2; args $a$b \${a}x "$a"'$b'`,
    `args $u"" ""$u`,
    `x='a  b'; args "\${x}" \${x}`,
    `echo -e 'tab\\there' 'x\\x41\\u00e9\\E[0m'`,
    `echo -n a; echo b -n -e -x`,
    `for i in 1 "2 3" *.log; do args $i; done`,
    `i=0; while [ $i -lt 3 ]; do args $i; i=$((i+1)); done`,
    `if [ -f a.txt ] && [ ! -d a.txt ]; then args yes; else args no; fi`,
    `args $(( 7 / 2 )) $(( (1+2)*3 ))`,
    `x="a b"; args \${x:-$x}`,
    `a=b; args $a-$a \${a}_x $a_x`
  ])('%s', async (line) => {
    const real = realBash(line, FILES)
    expect(real.stderr).toBe('')
    const ours = await pinlabShell(line, FILES)
    expect(ours.stdout).toBe(real.stdout)
    expect(ours.status).toBe(real.status)
  })
})

describe('expandWord (unit)', () => {
  const ctx = (vars: Record<string, string>): ExpandContext => ({
    getVar: (n) => vars[n],
    setVar: (n, v) => {
      vars[n] = v
    },
    positional: [],
    special: (n) => (n === '?' ? '0' : ''),
    home: () => '/home/u',
    commandSubst: async () => '',
    readdir: async () => null,
    cwd: '/'
  })
  const word = (text: string): Word => {
    const r = parse('x ' + text)
    if (!r.ok) throw new Error(r.error.message)
    const cmd = r.list.items[0]!.andOr.first.commands[0]!
    if (cmd.kind !== 'simple') throw new Error('simple')
    return cmd.words[1]!
  }

  it('assigns with ${x:=word} and keeps it', async () => {
    const vars: Record<string, string> = {}
    expect(await expandWord(word('${x:=set}'), ctx(vars))).toEqual(['set'])
    expect(vars.x).toBe('set')
  })

  it('reports ${x:?message} as an expansion error in bash wording', async () => {
    await expect(expandWord(word('${x:?oops}'), ctx({}))).rejects.toThrow('x: oops')
    await expect(expandWord(word('${x:?}'), ctx({}))).rejects.toThrow('x: parameter null or not set')
  })

  it('reports arithmetic errors instead of throwing anything else', async () => {
    await expect(expandWord(word('$((1/0))'), ctx({}))).rejects.toThrow('division by 0')
  })
})
