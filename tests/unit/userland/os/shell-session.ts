import { bootMachine, login } from '../../../../electron/userland/os/boot'
import type { Machine } from '../../../../electron/userland/os/machine'

/**
 * Boots a machine, logs `user` in and types `lines` into the shell, each after the previous
 * prompt; returns what the terminal showed (CRLF as LF). `realtimeIdle: false` lets virtual time
 * jump over idle periods (sleep 40 takes no wall-clock time). `setup` runs on the booted machine
 * before the login (e.g. to put a file in place).
 */
export async function shellSession(
  lines: string[], user: 'root' | 'student' = 'root', realtimeIdle = true, setup?: (m: Machine) => void
): Promise<string> {
  const m = bootMachine({ yieldToHost: () => new Promise((r) => setImmediate(r)), realtimeIdle })
  setup?.(m)
  let out = ''
  m.tty.onOutput((d) => (out += d))
  const s = login(m, user, { write: (d) => (out += d) }, () => 100)
  s.interactive.start()
  for (const line of lines) {
    s.interactive.feed(line + '\r')
    for (let i = 0; i < 500; i++) {
      await new Promise((r) => setTimeout(r, 2))
      await s.interactive.idle()
      if (/[#$] $/.test(out)) break
    }
  }
  m.dispose()
  return out.replace(/\r\n/g, '\n')
}
