import { readFileSync, existsSync } from 'node:fs'
import { basename, dirname, join, normalize, sep } from 'node:path'
import type { KernelVersion } from '../../shared/kernel-versions'
import { O_RDONLY } from '../kernel/fs/file'
import { compileInMachine } from '../userland/os/cc-driver'
import { bootMachine } from '../userland/os/boot'
import { USERS, type UserName } from '../userland/os/rootfs'
import { shellDeathMessage, shellStatus } from '../userland/os/signals'

export interface RunOptions {
  kernel?: KernelVersion
  seed?: number
  user?: UserName
  /** A C file on the host. */
  file: string
  args?: string[]
  /** Bytes for the program's stdin (it reads end of file after them); none: /dev/null. */
  stdin?: Uint8Array
  onStdout: (data: Uint8Array) => void
  onStderr: (data: Uint8Array) => void
  /** Boot the machine with its RDMA HCA (default true). */
  rdma?: boolean
  /** Extra `NAME=value` environment entries for the program. */
  env?: string[]
}

/**
 * `pinlab run FILE.c` / `FILE.sh`: boots a fresh machine, copies the file into the home directory
 * of the user (a C file's quoted includes are read from next to the host file), compiles a C file,
 * and runs it — a script with /bin/sh — with its stdout and stderr on pipes the host drains. Resolves with the shell's exit status ($?):
 * the program's exit code, 128 + signal when it was killed, 1 when it does not compile.
 */
export async function runCProgram(opts: RunOptions): Promise<number> {
  const user = USERS[opts.user ?? 'root']
  const machine = bootMachine({
    kernel: opts.kernel,
    seed: opts.seed,
    rdma: opts.rdma,
    yieldToHost: () => new Promise((resolve) => setImmediate(resolve))
  })
  try {
    const hostDir = dirname(opts.file)
    const name = basename(opts.file)
    machine.vfs.writeFile(`${user.home}/${name}`, readFileSync(opts.file), 0o644, user.uid, user.gid)
    const fallback = (path: string): string | null => {
      // Only quoted includes relative to the program's directory come from the host.
      let relative: string
      if (path.startsWith(user.home + '/')) relative = path.slice(user.home.length + 1)
      else if (!path.startsWith('/')) relative = path
      else return null
      const hostPath = normalize(join(hostDir, relative))
      if (!hostPath.startsWith(normalize(hostDir + sep)) || !existsSync(hostPath)) return null
      return readFileSync(hostPath, 'utf8')
    }
    const isScript = name.endsWith('.sh')
    let image = null
    if (!isScript) {
      const compiled = compileInMachine(machine, name, { uid: user.uid, cwd: user.home, fallback })
      if (compiled.stderr) opts.onStderr(new TextEncoder().encode(compiled.stderr))
      if (!compiled.ok || !compiled.image) return 1
      image = compiled.image
    }

    const runner = machine.spawnNative('pinlab-run', user.uid, machine.init, user.home)
    const vfs = machine.vfs
    // The runner's descriptors: 3/4 stdout pipe, 5/6 stderr pipe, 7/8 stdin pipe or /dev/null.
    const out = vfs.pipe(runner.pid) as [number, number]
    const err = vfs.pipe(runner.pid) as [number, number]
    let stdinFd: number
    let stdinWrite = -1
    if (opts.stdin) {
      const inp = vfs.pipe(runner.pid) as [number, number]
      stdinFd = inp[0]
      stdinWrite = inp[1]
    } else {
      stdinFd = vfs.open(runner.pid, '/dev/null', O_RDONLY, 0, { uid: 0, gid: 0 })
    }
    const env = [`HOME=${user.home}`, 'PATH=/usr/local/bin:/usr/bin:/bin', `USER=${opts.user ?? 'root'}`, 'LANG=C.UTF-8', ...(opts.env ?? [])]
    // A C program runs as ./NAME; a script runs as `sh NAME ARGS`, as `bash NAME.sh` would.
    const childPid = image
      ? (() => {
          const p = machine.spawnImage(image, {
            parent: runner,
            argv: [`./${name.replace(/\.c$/, '')}`, ...(opts.args ?? [])],
            envp: env,
            stdio: [stdinFd, out[1], err[1]]
          })
          return typeof p === 'number' ? p : p.pid
        })()
      : machine.spawnPath(runner, {
          path: '/bin/sh',
          argv: ['sh', name, ...(opts.args ?? [])],
          env,
          cwd: user.home,
          fds: [
            [0, stdinFd],
            [1, out[1]],
            [2, err[1]]
          ]
        })
    if (childPid < 0) {
      opts.onStderr(new TextEncoder().encode(`pinlab: cannot start the program (errno ${-childPid})\n`))
      return 126
    }
    vfs.close(runner.pid, out[1])
    vfs.close(runner.pid, err[1])
    vfs.close(runner.pid, stdinFd)

    let pendingInput = opts.stdin ?? null
    const pump = (): void => {
      if (pendingInput && stdinWrite >= 0) {
        const n = vfs.write(runner.pid, stdinWrite, pendingInput)
        if (n > 0) pendingInput = pendingInput.subarray(n)
        if (pendingInput.length === 0) {
          vfs.close(runner.pid, stdinWrite)
          stdinWrite = -1
          pendingInput = null
        }
      }
      for (const [fd, sink] of [[out[0], opts.onStdout], [err[0], opts.onStderr]] as const) {
        for (;;) {
          const data = vfs.read(runner.pid, fd, 65536)
          if (typeof data === 'number' || data.length === 0) break
          sink(data)
        }
      }
      machine.wake()
    }
    const timer = setInterval(pump, 5)
    const sub = machine.onExit(() => pump())
    pump()
    const waited = await machine.waitChild(runner, childPid)
    clearInterval(timer)
    sub.dispose()
    pump()
    const status = typeof waited === 'number' ? 1 << 8 : waited[1]
    const sig = status & 0x7f
    if (sig !== 0) {
      const message = shellDeathMessage(sig)
      if (message) opts.onStderr(new TextEncoder().encode(message + '\n'))
    }
    return shellStatus(status)
  } finally {
    machine.dispose()
  }
}
