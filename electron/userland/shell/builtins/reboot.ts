/**
 * `reboot [--kernel VERSION]`: asks the machine's runtime to reboot, with another kernel version
 * when given. The request goes to the OS interface; the session does the reboot.
 */
import { EPERM, strerror } from '../os'
import type { Builtin } from './types'

export const reboot: Builtin = async ({ argv, shell, io }) => {
  let version: string | undefined
  const args = argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--kernel' || a === '-k') version = args[++i]
    else if (a.startsWith('--kernel=')) version = a.slice('--kernel='.length)
    else {
      await io.write(2, `reboot: unrecognized option '${a}'\nUsage: reboot [--kernel VERSION]\n`)
      return 1
    }
  }
  if (args.length > 0 && version === undefined) {
    await io.write(2, 'reboot: option --kernel requires a version (e.g. 5.10)\n')
    return 1
  }
  const target = version ?? shell.ctx.uname().release.replace(/^([0-9]+\.[0-9]+).*$/, '$1')
  const r = shell.ctx.requestReboot(target)
  if (r < 0) {
    if (r === -EPERM) await io.write(2, 'reboot: must be superuser.\n')
    else await io.write(2, `reboot: kernel ${target}: ${r === -22 ? 'not a supported version' : strerror(r)}\n`)
    return 1
  }
  return 0
}
