/**
 * `source FILE [ARG…]` and `. FILE`: runs FILE's commands in the current shell (so its variables
 * and `cd` stay), looked up as given or, without a slash, in $PATH then the current directory.
 */
import { resolve } from '../glob'
import { O_RDONLY, S_IFMT, S_IFREG, isErr, strerror } from '../os'
import { builtinError, type Builtin } from './types'

export const source: Builtin = async (call) => {
  const { argv, shell } = call
  const name = argv[1]
  if (name === undefined) {
    await builtinError(call, `${argv[0]}: filename argument required`)
    await call.io.write(2, `${argv[0]}: usage: ${argv[0]} filename [arguments]\n`)
    return 2
  }
  let path = resolve(shell.state.cwd, name)
  if (!name.includes('/')) {
    for (const dir of (shell.state.get('PATH') ?? '').split(':')) {
      const candidate = resolve(shell.state.cwd, (dir === '' ? '.' : dir) + '/' + name)
      const st = await shell.ctx.stat(candidate)
      if (!isErr(st) && (st.mode & S_IFMT) === S_IFREG) {
        path = candidate
        break
      }
    }
  }
  const fd = await shell.ctx.open(path, O_RDONLY)
  if (fd < 0) {
    await builtinError(call, `${name}: ${strerror(fd)}`)
    return 1
  }
  const chunks: Uint8Array[] = []
  for (;;) {
    const r = await shell.ctx.read(fd, 65536)
    if (typeof r === 'number' || r.length === 0) break
    chunks.push(r)
  }
  shell.ctx.close(fd)
  const text = chunks.map((c) => new TextDecoder().decode(c)).join('')
  const saved = shell.state.positional
  if (argv.length > 2) shell.state.positional = argv.slice(2)
  try {
    const r = await shell.runSourced(text)
    return r
  } finally {
    if (argv.length > 2) shell.state.positional = saved
  }
}
