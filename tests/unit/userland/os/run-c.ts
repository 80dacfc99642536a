import type { KernelVersion } from '../../../../shared/kernel-versions'
import { HEADERS } from '../../../../electron/userland/include'
import { compileInMachine } from '../../../../electron/userland/os/cc-driver'
import { Machine } from '../../../../electron/userland/os/machine'

export interface CRun {
  /** What the terminal showed, with \r\n turned back into \n. */
  out: string
  /** The wait status, or null when the program did not finish. */
  status: number | null
  compileErrors: string
  machine: Machine
}

/** Boots a machine, compiles `source` as /root/t.c, runs it with its stdio on the terminal. */
export async function runC(
  source: string,
  opts: { kernel?: KernelVersion; seed?: number; input?: string; argv?: string[]; uid?: number; setup?: (m: Machine) => void; onStart?: (m: Machine) => void } = {}
): Promise<CRun> {
  const machine = new Machine({ kernel: opts.kernel, seed: opts.seed, headers: HEADERS })
  opts.setup?.(machine)
  let out = ''
  machine.tty.onOutput((d) => (out += d))
  machine.vfs.writeFile('/root/t.c', source)
  const res = compileInMachine(machine, '/root/t.c')
  if (!res.ok || !res.image) return { out, status: null, compileErrors: res.stderr, machine }
  const sh = machine.spawnNative('sh', opts.uid ?? 0, machine.init, '/root')
  const p = machine.spawnImage(res.image, { parent: sh, argv: opts.argv ?? ['./t'], envp: ['HOME=/root', 'PATH=/usr/bin:/bin', 'USER=root'] })
  if (typeof p === 'number') throw new Error(`spawn failed: ${p}`)
  machine.tty.foregroundPgrp = p.pgid
  if (opts.input !== undefined) machine.tty.input(opts.input)
  opts.onStart?.(machine)
  const result = await Promise.race([
    machine.waitChild(sh, p.pid),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))
  ])
  const status = result === null || typeof result === 'number' ? null : result[1]
  machine.dispose()
  return { out: out.replace(/\r\n/g, '\n'), status, compileErrors: res.stderr, machine }
}
