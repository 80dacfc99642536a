/**
 * The exec family and system(3). execve replaces the process image (the machine does the
 * kernel's part: a fresh mm, close-on-exec, handlers reset); the others are glibc's wrappers:
 * PATH search for execvp/execlp, a NULL-terminated variadic list for execl*, and system() as
 * fork + exec of `/bin/sh -c command` + waitpid.
 */
import { BLOCK, DONE, type NativeContext, type NativeFn, type NativeResult } from '../cc/vm'
import type { Value } from '../cc/ast'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { setErrno } from './errno'
import { cstring, cstringArray, machineOf, num, procOf } from './runtime'

function execPath(ctx: NativeContext, path: string, argv: string[], envp: string[]): NativeResult {
  const r = machineOf(ctx).execve(procOf(ctx), ctx.thread, path, argv, envp)
  if (r < 0) {
    setErrno(ctx, -r)
    return -1
  }
  return DONE
}

/** execvp's search: a name with a slash is a path; otherwise each PATH directory in turn. */
function execSearch(ctx: NativeContext, file: string, argv: string[], envp: string[]): NativeResult {
  if (file.includes('/')) return execPath(ctx, file, argv, envp)
  const pathVar = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/usr/local/bin:/bin:/usr/bin'
  let err: number = ERRNO.ENOENT
  for (const dir of pathVar.split(':')) {
    const r = machineOf(ctx).execve(procOf(ctx), ctx.thread, `${dir || '.'}/${file}`, argv, envp)
    if (r === 0) return DONE
    if (r === -ERRNO.EACCES) err = ERRNO.EACCES
  }
  setErrno(ctx, err)
  return -1
}

/** The NULL-terminated variadic strings of execl/execlp/execle, from argument `from` on. */
function varStrings(ctx: NativeContext, a: Value[], from: number): { list: string[]; next: number } {
  const list: string[] = []
  let i = from
  for (; i < a.length; i++) {
    if (num(a[i]) === 0) {
      i++
      break
    }
    list.push(cstring(ctx, a[i]!))
  }
  return { list, next: i }
}

export const execFunctions: Record<string, NativeFn> = {
  execve: (ctx, a) => execPath(ctx, cstring(ctx, a[0]!), cstringArray(ctx, a[1]!), cstringArray(ctx, a[2]!)),
  execv: (ctx, a) => execPath(ctx, cstring(ctx, a[0]!), cstringArray(ctx, a[1]!), procOf(ctx).env),
  execvp: (ctx, a) => execSearch(ctx, cstring(ctx, a[0]!), cstringArray(ctx, a[1]!), procOf(ctx).env),
  execl: (ctx, a) => execPath(ctx, cstring(ctx, a[0]!), varStrings(ctx, a, 1).list, procOf(ctx).env),
  execlp: (ctx, a) => execSearch(ctx, cstring(ctx, a[0]!), varStrings(ctx, a, 1).list, procOf(ctx).env),
  execle: (ctx, a) => {
    const { list, next } = varStrings(ctx, a, 1)
    return execPath(ctx, cstring(ctx, a[0]!), list, cstringArray(ctx, a[next] ?? 0))
  },
  system: (ctx, a): NativeResult => {
    const t = ctx.thread as { systemChild?: number }
    const m = machineOf(ctx)
    const self = procOf(ctx)
    if (num(a[0]) === 0) return 1 // a shell is available
    if (t.systemChild === undefined) {
      const pid = m.spawnPath(self, {
        path: '/bin/sh',
        argv: ['sh', '-c', cstring(ctx, a[0]!)],
        env: self.env,
        cwd: (() => {
          const c = m.vfs.getcwd(self.pid)
          return typeof c === 'string' ? c : '/'
        })(),
        fds: [
          [0, 0],
          [1, 1],
          [2, 2]
        ]
      })
      if (pid < 0) return 127 << 8
      t.systemChild = pid
    }
    const child = m.procs.get(t.systemChild)
    if (child && !child.zombie) return BLOCK
    const status = child ? m.reap(self, child) : 127 << 8
    t.systemChild = undefined
    return status
  }
}
