import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Runs `fn` once and returns how long it took (ms, high resolution). */
export function timeSync(fn: () => void): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/**
 * Watches the host's event loop while `fn` runs and returns the longest stall in ms: the time
 * the main thread could not answer a timer — what a learner feels as a frozen window.
 */
export async function longestStall<T>(fn: () => Promise<T>): Promise<{ value: T; maxStallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  try {
    const value = await fn()
    return { value, maxStallMs: histogram.max / 1e6 }
  } finally {
    histogram.disable()
  }
}
