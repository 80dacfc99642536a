/**
 * env [-i] [-u NAME] [NAME=VALUE…] [COMMAND [ARG…]] (GNU coreutils): prints the environment,
 * or runs COMMAND with a modified one (found through PATH, 127 when missing, 126 when not
 * executable).
 */
import { EACCES, S_IFMT, S_IFREG, getenv, isErr, shellStatus, type NativeProgram } from '../shell/os'
import { Output, complain, parseArgs, quoteAlways, usageError } from './lib'

export const env: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, { withValue: 'u', flags: 'i0', long: { 'ignore-environment': 'i', unset: 'u', null: '0' } }, false)
  if (args.error !== undefined) return usageError(ctx, 'env', args.error, 125)
  let vars = args.flags.has('i') ? [] : ctx.env.slice()
  for (const name of args.flags.get('u') ?? []) vars = vars.filter((e) => !e.startsWith(name + '='))
  const ops = args.operands.slice()
  while (ops.length > 0 && ops[0]!.includes('=') && !ops[0]!.startsWith('=')) {
    const a = ops.shift()!
    const name = a.slice(0, a.indexOf('='))
    vars = vars.filter((e) => !e.startsWith(name + '='))
    vars.push(a)
  }
  if (ops.length === 0) {
    const out = new Output(ctx)
    for (const v of vars) await out.write(v + (args.flags.has('0') ? '\0' : '\n'))
    await out.flush()
    return 0
  }
  const name = ops[0]!
  let path: string | null = null
  if (name.includes('/')) path = name
  else {
    for (const dir of (getenv(vars, 'PATH') ?? getenv(ctx.env, 'PATH') ?? '/usr/bin:/bin').split(':')) {
      const candidate = `${dir === '' ? '.' : dir}/${name}`
      const st = await ctx.stat(candidate)
      if (!isErr(st) && (st.mode & S_IFMT) === S_IFREG && (st.mode & 0o111) !== 0) {
        path = candidate
        break
      }
    }
  }
  if (path === null) {
    await complain(ctx, 'env', `${quoteAlways(name)}: No such file or directory`)
    return 127
  }
  const pid = await ctx.spawn({ path, argv: ops, env: vars, cwd: ctx.cwd, fds: [[0, 0], [1, 1], [2, 2]] })
  if (pid < 0) {
    await complain(ctx, 'env', `${quoteAlways(name)}: ${pid === -EACCES ? 'Permission denied' : 'No such file or directory'}`)
    return pid === -EACCES ? 126 : 127
  }
  const w = await ctx.wait(pid)
  return typeof w === 'number' ? 1 : shellStatus(w)
}
