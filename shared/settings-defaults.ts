/**
 * The learner's settings as plain data (no schema library), for the renderer. The schema that
 * validates them lives in shared/settings.ts and is checked against this type at compile time.
 */
export interface Settings {
  theme: 'dark' | 'light'
  fontSize: number
  /** How fast the memory picture animates a change; `off` draws the end state at once. */
  animationSpeed: 'off' | 'slow' | 'normal' | 'fast'
  /** Turns on xterm.js's screen-reader mode and puts the table views first. */
  screenReaderMode: boolean
}

export type SettingsPatch = Partial<Settings>

export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  fontSize: 14,
  animationSpeed: 'normal',
  screenReaderMode: false
}
