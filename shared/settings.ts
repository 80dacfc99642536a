import { z } from 'zod'
import type { Settings } from './settings-defaults'

export { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from './settings-defaults'

/**
 * One schema serves the settings file, the browser-mode profile and the `settings.set` request,
 * so a bad value is refused in one place.
 */
export const SettingsSchema = z
  .object({
    theme: z.enum(['dark', 'light']),
    fontSize: z.number().int().min(10).max(32),
    animationSpeed: z.enum(['off', 'slow', 'normal', 'fast']),
    screenReaderMode: z.boolean()
  })
  .strict()

export const SettingsPatchSchema = SettingsSchema.partial().strict()

// The schema and the plain type must describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemaMatchesType: Same<z.infer<typeof SettingsSchema>, Settings> = true
void schemaMatchesType
