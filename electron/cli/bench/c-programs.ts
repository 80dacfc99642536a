import { join } from 'node:path'
import type { KernelVersion } from '../../../shared/kernel-versions'
import { runCProgram } from '../../host/run-program'
import { longestStall, timeAsync } from './timing'

export interface CProgramTimes {
  c_touch: number
  c_compute: number
  /** The longest host event-loop stall while either program ran (ms). */
  maxStallMs: number
}

/**
 * The end-to-end C figures: boot, compile and run bench/touch.c (one store per page of the
 * region) and bench/compute.c (10 million integer iterations) in a fresh machine, exactly as
 * `pinlab run` does, while watching the host's event loop for stalls.
 */
export async function benchCPrograms(repoRoot: string, kernel: KernelVersion, pages: number): Promise<CProgramTimes> {
  const run = async (file: string, args: string[]): Promise<void> => {
    let stderr = ''
    let stdout = ''
    const status = await runCProgram({
      kernel,
      file: join(repoRoot, 'bench', file),
      args,
      onStdout: (d) => (stdout += new TextDecoder().decode(d)),
      onStderr: (d) => (stderr += new TextDecoder().decode(d))
    })
    if (status !== 0) throw new Error(`bench: ${file} exited with ${status}: ${stderr.trim() || stdout.trim()}`)
  }
  let c_touch = 0
  let c_compute = 0
  const { maxStallMs } = await longestStall(async () => {
    c_touch = await timeAsync(() => run('touch.c', [String(pages)]))
    c_compute = await timeAsync(() => run('compute.c', []))
  })
  return { c_touch, c_compute, maxStallMs }
}
