import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { PackSummary } from '../../../shared/protocol'
import { useApi } from '../api'

/** The installed lab packs, as the host lists them. */
export const useLabsStore = defineStore('labs', () => {
  const api = useApi()

  const packs = shallowRef<PackSummary[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')

  const isEmpty = computed(() => loaded.value && packs.value.length === 0)

  async function load(): Promise<void> {
    loading.value = true
    try {
      packs.value = (await api.request('labs.list', {})).packs
      loaded.value = true
      error.value = ''
    } catch (e) {
      error.value = `Could not list the lab packs: ${e instanceof Error ? e.message : String(e)}`
    } finally {
      loading.value = false
    }
  }

  return { packs, loading, loaded, error, isEmpty, load }
})
