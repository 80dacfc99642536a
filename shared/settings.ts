import { z } from 'zod'

/**
 * The learner's settings. One schema serves the Electron store, the browser-mode profile file
 * and the `settings.set` request, so a bad value is refused in one place.
 */
export const SettingsSchema = z
  .object({
    theme: z.enum(['dark', 'light']),
    fontSize: z.number().int().min(10).max(32),
    /** How fast the memory picture animates a change; `off` draws the end state at once. */
    animationSpeed: z.enum(['off', 'slow', 'normal', 'fast']),
    /** Turns on xterm.js's screen-reader mode and puts the table views first. */
    screenReaderMode: z.boolean()
  })
  .strict()

export type Settings = z.infer<typeof SettingsSchema>

export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  fontSize: 14,
  animationSpeed: 'normal',
  screenReaderMode: false
}

export const SettingsPatchSchema = SettingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>
