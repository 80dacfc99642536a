/** `cd [DIR|-]` and `pwd`, with bash's messages. */
import { resolve } from '../glob'
import { S_IFDIR, S_IFMT, isErr, strerror } from '../os'
import { builtinError, type Builtin } from './types'

export const cd: Builtin = async (call) => {
  const { argv, shell, io } = call
  const args = argv.slice(1).filter((a, i) => !(i === 0 && a === '--'))
  if (args.length > 1) {
    await builtinError(call, 'cd: too many arguments')
    return 1
  }
  let target: string | undefined = args[0]
  let print = false
  if (target === undefined) {
    const home = shell.state.get('HOME')
    if (home === undefined) {
      await builtinError(call, 'cd: HOME not set')
      return 1
    }
    target = home
  } else if (target === '-') {
    const old = shell.state.get('OLDPWD')
    if (old === undefined) {
      await builtinError(call, 'cd: OLDPWD not set')
      return 1
    }
    target = old
    print = true
  }
  if (target === '') return 0
  const path = resolve(shell.state.cwd, target)
  const st = await shell.ctx.stat(path)
  if (isErr(st)) {
    await builtinError(call, `cd: ${target}: ${strerror(st)}`)
    return 1
  }
  if ((st.mode & S_IFMT) !== S_IFDIR) {
    await builtinError(call, `cd: ${target}: Not a directory`)
    return 1
  }
  const list = await shell.ctx.readdir(path)
  if (isErr(list)) {
    await builtinError(call, `cd: ${target}: ${strerror(list)}`)
    return 1
  }
  shell.state.set('OLDPWD', shell.state.cwd, true)
  shell.state.cwd = path
  shell.state.set('PWD', path, true)
  // The process's own cwd follows, except in a subshell copy (which shares the process).
  if (!shell.isSubshell) await shell.ctx.chdir(path)
  if (print) await io.write(1, path + '\n')
  return 0
}

export const pwd: Builtin = async ({ shell, io }) => {
  await io.write(1, shell.state.cwd + '\n')
  return 0
}
