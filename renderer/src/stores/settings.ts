import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../shared/settings-defaults'
import { useApi } from '../api'

/**
 * The learner's settings, kept by the host (settings.get / settings.set). The theme and the
 * animation speed are applied to <html> as `data-theme` and `data-animation`, which the
 * stylesheets read; the terminal reads font size, theme and screen-reader mode itself.
 */
export const useSettingsStore = defineStore('settings', () => {
  const api = useApi()

  const settings = ref<Settings>({ ...DEFAULT_SETTINGS })
  const loaded = ref(false)
  /** The last load or save failure, as a sentence; empty otherwise. */
  const error = ref('')

  function apply(value: Settings): void {
    const root = document.documentElement
    root.dataset.theme = value.theme
    root.dataset.animation = value.animationSpeed
  }
  watch(settings, apply, { immediate: true, deep: true })

  async function load(): Promise<void> {
    try {
      settings.value = { ...DEFAULT_SETTINGS, ...(await api.request('settings.get', {})) }
      loaded.value = true
      error.value = ''
    } catch (e) {
      error.value = `Could not load your settings (${e instanceof Error ? e.message : String(e)}); using the defaults.`
    }
  }

  /** Applies the change at once, then saves it; a refused change is rolled back. */
  async function update(patch: SettingsPatch): Promise<void> {
    const before = settings.value
    settings.value = { ...before, ...patch }
    try {
      settings.value = { ...DEFAULT_SETTINGS, ...(await api.request('settings.set', { patch })) }
      error.value = ''
    } catch (e) {
      settings.value = before
      error.value = `Could not save the setting: ${e instanceof Error ? e.message : String(e)}`
    }
  }

  function toggleTheme(): Promise<void> {
    return update({ theme: settings.value.theme === 'dark' ? 'light' : 'dark' })
  }

  return { settings, loaded, error, load, update, toggleTheme }
})
