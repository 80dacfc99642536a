import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Native timings (ms) by benchmark name, or the reason there are none. */
export type NativeTimes = { ok: true; ms: Record<string, number> } | { ok: false; reason: string }

/**
 * Builds bench/native.c and bench/compute.c with this machine's gcc and runs them, so each
 * PinLab figure is compared with the real kernel's in the same run (a ratio: these machines
 * are noisy). No gcc, or a failing run, is a reason in the report, not an exception.
 */
export function measureNative(repoRoot: string, pages: number): NativeTimes {
  const dir = mkdtempSync(join(tmpdir(), 'pinlab-bench-'))
  try {
    const gcc = (args: string[]): void => {
      execFileSync('gcc', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    }
    try {
      gcc(['-O2', '-o', join(dir, 'native'), join(repoRoot, 'bench', 'native.c')])
      gcc(['-O0', '-o', join(dir, 'compute'), join(repoRoot, 'bench', 'compute.c')])
    } catch (error) {
      return { ok: false, reason: `gcc could not build the native comparison (${firstLine(error)})` }
    }
    let parsed: { results: Record<string, number> }
    try {
      parsed = JSON.parse(execFileSync(join(dir, 'native'), [String(pages)], { encoding: 'utf8' })) as { results: Record<string, number> }
    } catch (error) {
      return { ok: false, reason: `the native comparison failed (${firstLine(error)})` }
    }
    const ms = { ...parsed.results }
    // c_compute: the best of three runs of the gcc -O0 build, process start included.
    let best = Infinity
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      execFileSync(join(dir, 'compute'), { stdio: 'ignore' })
      best = Math.min(best, performance.now() - t0)
    }
    ms.c_compute = best
    return { ok: true, ms }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0]!.slice(0, 200)
}
