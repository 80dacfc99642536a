import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where browser mode and the CLI keep settings and progress: `--profile DIR`, else
 * `$PINLAB_PROFILE`, else `$XDG_CONFIG_HOME/pinlab` (`~/.config/pinlab`). Electron uses its own
 * user-data folder instead.
 */
export function profileDir(explicit?: string): string {
  if (explicit) return explicit
  if (process.env.PINLAB_PROFILE) return process.env.PINLAB_PROFILE
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(config, 'pinlab')
}
