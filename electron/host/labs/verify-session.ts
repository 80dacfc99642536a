import type { KernelVersion } from '../../../shared/kernel-versions'
import { Session } from '../session'
import { SessionLabPort, type LabSessionPort } from './session-port'

let nextVerifySession = 1

/**
 * A fresh session for `verify` (the CLI, CI and instructor mode's "validate"): a machine at
 * `kernel` with root's shell, wrapped as a LabSessionPort. Root, because lab programs read
 * /proc/self/pagemap frame numbers, which only root sees.
 */
export async function openVerifySession(kernel: KernelVersion): Promise<{ port: LabSessionPort; close: () => void }> {
  const session = new Session({ id: `s${900_000_000 + nextVerifySession++}`, kernel, seed: 1, user: 'root', cols: 120, rows: 40 })
  const port = new SessionLabPort(session)
  session.start()
  await port.ready()
  return { port, close: () => session.dispose() }
}
