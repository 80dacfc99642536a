import type { StepRecord } from '../../../../shared/history'
import { Session } from '../../../../electron/host/session'
import type { KernelVersion } from '../../../../shared/kernel-versions'
import type { HistoryLimits } from '../../../../electron/host/history/session-history'

/**
 * A Session driven as the learner would drive it, for the history tests: `run(line)` types a
 * line and resolves with the recorded step once the shell is back at its prompt; `screen()` is
 * what the terminal shows (terminal.reset replaces it, as the renderer does).
 */
export interface DrivenSession {
  session: Session
  run(line: string): Promise<StepRecord>
  screen(): string
  /** Waits until no thread can run (a background child reached pause()). */
  quiet(): Promise<void>
  dispose(): void
}

export async function openSession(
  options: { kernel?: KernelVersion; seed?: number; user?: 'root' | 'student'; historyLimits?: HistoryLimits } = {}
): Promise<DrivenSession> {
  const session = new Session({
    id: 's1',
    kernel: options.kernel ?? '6.18',
    seed: options.seed ?? 7,
    user: options.user ?? 'root',
    cols: 120,
    rows: 40,
    historyLimits: options.historyLimits
  })
  let screen = ''
  session.onOutput((data) => (screen += data))
  session.onReset((data) => (screen = data))
  session.start()
  const quiet = async () => {
    await session.idle()
    await session.machine?.settle()
  }
  return {
    session,
    async run(line) {
      const step = new Promise<StepRecord>((resolve) => {
        const sub = session.onStep((s) => {
          sub.dispose()
          resolve(s)
        })
      })
      session.input(`${line}\r`)
      const recorded = await step
      await quiet()
      return recorded
    },
    screen: () => screen,
    quiet,
    dispose: () => session.dispose()
  }
}

/** The files a learner's steps touch, read byte for byte from the machine's VFS. */
export function readFiles(session: Session, paths: readonly string[]): Record<string, string | null> {
  const machine = session.machine!
  const out: Record<string, string | null> = {}
  for (const path of paths) {
    const inode = machine.vfs.lookup(path, machine.vfs.root, { uid: 0, gid: 0 })
    out[path] = typeof inode === 'number' ? null : Buffer.from(machine.vfs.contentsOf(inode)).toString('latin1')
  }
  return out
}
