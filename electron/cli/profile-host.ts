import { StaticLabCatalog } from '../host/lab-catalog'
import { openProfile } from '../host/persistence/host-profile'
import { JsonFileProfileStore } from '../host/persistence/profile-store'
import { SessionHost } from '../host/session-host'

/**
 * The host of the CLI and of browser mode (`serve`): settings, progress and the saved free-play
 * machine are JSON files in the profile folder (electron/cli/profile.ts says which). Problems met
 * while opening them — a damaged file set aside — are written to `warn` at once, and stay
 * available to the renderer through `profile.problems`.
 */
export function createProfileHost(dir: string, warn: (line: string) => void): SessionHost {
  const profile = openProfile(new JsonFileProfileStore(dir))
  for (const problem of profile.problems.list()) warn(`pinlab: ${problem}`)
  return new SessionHost({
    settings: profile.settings,
    profile,
    labs: new StaticLabCatalog(),
    log: (message) => warn(message)
  })
}
