import { join } from 'node:path'
import { FolderLabCatalog } from '../host/labs/catalog'
import { openProfile } from '../host/persistence/host-profile'
import { JsonFileProfileStore } from '../host/persistence/profile-store'
import { SessionHost } from '../host/session-host'

/**
 * The host of the CLI and of browser mode (`serve`): settings, progress and the saved free-play
 * machine are JSON files in the profile folder (electron/cli/profile.ts says which); lab packs
 * are the built-in curriculum plus the packs installed in `<profile>/packs`. Problems met
 * while opening them — a damaged file set aside — are written to `warn` at once, and stay
 * available to the renderer through `profile.problems`.
 */
export function createProfileHost(dir: string, builtInLabs: string, warn: (line: string) => void): SessionHost {
  const profile = openProfile(new JsonFileProfileStore(dir))
  for (const problem of profile.problems.list()) warn(`pinlab: ${problem}`)
  return new SessionHost({
    settings: profile.settings,
    profile,
    labs: new FolderLabCatalog({ builtIn: [builtInLabs], installed: join(dir, 'packs') }),
    log: (message) => warn(message)
  })
}
