/**
 * `read [-r] [-p PROMPT] [NAME…]`: one line from standard input, split on IFS into the names
 * (the last takes the rest; REPLY by default). Status 1 at end of file.
 */
import type { Builtin } from './types'

export const read: Builtin = async ({ argv, shell, io }) => {
  let raw = false
  let prompt = ''
  const names: string[] = []
  const args = argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-r') raw = true
    else if (a === '-p') prompt = args[++i] ?? ''
    else names.push(a)
  }
  if (prompt !== '') await io.write(2, prompt)
  const bytes: number[] = []
  let eof = false
  for (;;) {
    const r = await io.read(0, 1)
    if (typeof r === 'number' || r.length === 0) {
      eof = true
      break
    }
    if (r[0] === 10) {
      if (!raw && bytes[bytes.length - 1] === 92) {
        bytes.pop()
        continue
      }
      break
    }
    bytes.push(r[0]!)
  }
  let line = new TextDecoder().decode(Uint8Array.from(bytes))
  if (!raw) line = line.replace(/\\(.)/g, '$1')
  const ifs = shell.state.get('IFS') ?? ' \t\n'
  const targets = names.length === 0 ? ['REPLY'] : names
  if (names.length === 0) shell.state.set('REPLY', line)
  else {
    const ws = ifs.replace(/[^ \t\n]/g, '')
    const trimmed = ws === '' ? line : line.replace(new RegExp(`^[${ws}]+|[${ws}]+$`, 'g'), '')
    let rest = trimmed
    targets.forEach((name, i) => {
      if (i === targets.length - 1) {
        shell.state.set(name, rest)
        return
      }
      let j = 0
      while (j < rest.length && !ifs.includes(rest[j]!)) j++
      shell.state.set(name, rest.slice(0, j))
      rest = rest.slice(j)
      rest = ws === '' ? rest.slice(1) : rest.replace(new RegExp(`^[${ws}]*[${ifs.replace(/[\]\\^-]/g, '\\$&')}]?[${ws}]*`), '')
    })
  }
  return eof && bytes.length === 0 ? 1 : eof ? 1 : 0
}
