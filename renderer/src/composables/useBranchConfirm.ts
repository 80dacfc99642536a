import { ref } from 'vue'

export interface BranchConfirmOptions {
  /** How many later steps typing now would discard (the redo future). */
  futureCount: () => number
  /** Discards the future on the host; false when it refused (its sentence is shown elsewhere). */
  branch: () => Promise<boolean>
  /** Sends keystrokes to the host again. */
  resend: (data: string) => void
  /** Gives the terminal its focus back once the question is answered. */
  refocus: () => void
}

/**
 * Typing into the past: the host refuses `terminal.input` with `conflict` while the machine
 * shows an earlier position. The keystrokes are held, the learner is asked once, and on yes the
 * future is discarded (`history.branch`) and the held keystrokes are sent in order; on no they
 * are dropped. A conflict with no future (a restore was running) drops the keystrokes silently:
 * the history bar already shows the machine as busy.
 */
export function useBranchConfirm(options: BranchConfirmOptions) {
  const asking = ref(false)
  const discard = ref(0)
  let held: string[] = []

  /** True while the question is open: new keystrokes are held, not sent. */
  function hold(data: string): boolean {
    if (!asking.value) return false
    held.push(data)
    return true
  }

  function onConflict(data: string): void {
    if (asking.value) {
      held.push(data)
      return
    }
    const future = options.futureCount()
    if (future <= 0) return
    held = [data]
    discard.value = future
    asking.value = true
  }

  async function confirm(): Promise<void> {
    if (!asking.value) return
    asking.value = false
    const data = held
    held = []
    if (await options.branch()) for (const chunk of data) options.resend(chunk)
    options.refocus()
  }

  function cancel(): void {
    asking.value = false
    held = []
    options.refocus()
  }

  return { asking, discard, hold, onConflict, confirm, cancel }
}
