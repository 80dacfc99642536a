/**
 * How long (host time) one replayed step may take before the replay gives up. Replay jumps
 * idle virtual time, so only real computation takes host time; a step that needs longer has
 * diverged from its recording (or runs a program far larger than a lab's).
 */
export const REPLAY_STEP_TIMEOUT_MS = 60_000

/** Resolves true when `ended` resolves within `ms` host milliseconds, false otherwise. */
export function waitForStep(ended: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    void ended.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}
