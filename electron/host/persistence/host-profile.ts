import { ProfileProblems } from './document'
import { MachineStore } from './machine-store'
import { ProgressStore } from './progress-store'
import type { ProfileStore } from './profile-store'
import { ProfileSettingsStore } from '../settings-store'

/**
 * Everything the host keeps for a learner, opened from one ProfileStore: settings, progress, the
 * saved free-play machine, and the problems met while reading them (reported to the renderer by
 * `profile.problems`, and printed by the CLI).
 */
export interface HostProfile {
  settings: ProfileSettingsStore
  progress: ProgressStore
  machines: MachineStore
  problems: ProfileProblems
}

export function openProfile(store: ProfileStore, now: () => Date = () => new Date()): HostProfile {
  const problems = new ProfileProblems()
  return {
    settings: new ProfileSettingsStore(store, problems),
    progress: new ProgressStore(store, problems, now),
    machines: new MachineStore(store, problems, 'freeplay', now),
    problems
  }
}
