import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LabProgress, Progress } from '../../../shared/progress'
import { PROGRESS_VERSION } from '../../../shared/progress'
import { useApi } from '../api'

/** The host refuses larger progress files too (electron/host/persistence/progress-store.ts). */
export const MAX_PROGRESS_FILE_BYTES = 192 * 1024

/**
 * The learner's progress through the labs, kept by the host (progress.*). Export downloads the
 * host's file as `pinlab-progress-YYYY-MM-DD.json` (a Blob and an `<a download>`, which works in a
 * browser and in the Electron renderer alike); import reads a file the learner picked and hands
 * its text to the host, which checks everything and refuses a bad file without changing anything.
 * `status` and `error` are sentences for an `aria-live` line.
 */
export const useProgressStore = defineStore('progress', () => {
  const api = useApi()

  const progress = ref<Progress>({ version: PROGRESS_VERSION, labs: {} })
  const loaded = ref(false)
  const busy = ref(false)
  /** What the last export or import did; empty when nothing happened yet. */
  const status = ref('')
  /** Why the last action failed; empty otherwise. */
  const error = ref('')

  function fail(what: string, e: unknown): void {
    status.value = ''
    error.value = `${what}: ${e instanceof Error ? e.message : String(e)}`
  }

  async function load(): Promise<void> {
    try {
      progress.value = await api.request('progress.get', {})
      loaded.value = true
      error.value = ''
    } catch (e) {
      fail('Could not load your progress', e)
    }
  }

  async function update(labKey: string, patch: Partial<Omit<LabProgress, 'updatedAt'>>): Promise<void> {
    try {
      progress.value = await api.request('progress.update', { labKey, patch })
      error.value = ''
    } catch (e) {
      fail('Could not save your progress', e)
    }
  }

  /** Asks the host for the progress file and offers it as a download. */
  async function exportToFile(doc: Document = document): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      const file = await api.request('progress.export', {})
      const url = URL.createObjectURL(new Blob([file.content], { type: 'application/json' }))
      try {
        const link = doc.createElement('a')
        link.href = url
        link.download = file.fileName
        link.hidden = true
        doc.body.appendChild(link)
        link.click()
        link.remove()
      } finally {
        URL.revokeObjectURL(url)
      }
      error.value = ''
      status.value = `Saved your progress as ${file.fileName}.`
    } catch (e) {
      fail('Could not export your progress', e)
    } finally {
      busy.value = false
    }
  }

  /** Reads a picked file and imports it; a refused file leaves the progress as it was. */
  async function importFile(file: File): Promise<void> {
    if (busy.value) return
    if (file.size > MAX_PROGRESS_FILE_BYTES) {
      status.value = ''
      error.value = `${file.name} is ${Math.ceil(file.size / 1024)} KB; a progress file is at most ${MAX_PROGRESS_FILE_BYTES / 1024} KB. Nothing was imported.`
      return
    }
    busy.value = true
    try {
      const content = await file.text()
      progress.value = await api.request('progress.import', { content })
      const labs = Object.keys(progress.value.labs).length
      error.value = ''
      status.value = `Imported ${file.name}: progress for ${labs} ${labs === 1 ? 'lab' : 'labs'}.`
    } catch (e) {
      fail(`Could not import ${file.name}`, e)
    } finally {
      busy.value = false
    }
  }

  return { progress, loaded, busy, status, error, load, update, exportToFile, importFile }
})
