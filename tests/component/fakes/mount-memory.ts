import type { VueWrapper } from '@vue/test-utils'
import MemoryPanel from '../../../renderer/src/components/memory/MemoryPanel.vue'
import { useMemoryStore } from '../../../renderer/src/stores/memory'
import { useSessionStore } from '../../../renderer/src/stores/session'
import { useSettingsStore } from '../../../renderer/src/stores/settings'
import type { Params } from '../../../shared/protocol'
import type { MemoryView } from '../../../shared/view'
import type { FakeApi, FakeApiOptions } from './fake-api'
import { mountWithFakeHost, settle } from './mount'

export interface MemoryHost {
  wrapper: VueWrapper
  api: FakeApi
  memory: ReturnType<typeof useMemoryStore>
  /** Makes the next whole-machine `view.memory` answer `view` and announces a finished step. */
  step(view: MemoryView): Promise<void>
}

/**
 * MemoryPanel alone against a fake host whose `view.memory` answers `first` until `step` gives it
 * another view; `expand` answers expand requests; a `view.memory` in `handlers` replaces both. The
 * session is created, the settings loaded.
 */
export async function mountMemoryPanel(
  first: MemoryView,
  options: FakeApiOptions & { expand?: (params: Params<'view.memory'>) => MemoryView } = {}
): Promise<MemoryHost> {
  let answer = first
  const { wrapper, api } = await mountWithFakeHost({
    ...options,
    component: MemoryPanel,
    handlers: {
      'view.memory': (params) => {
        if (params.expand) {
          if (!options.expand) throw new Error('this test expected no expand request')
          return options.expand(params)
        }
        return answer
      },
      ...options.handlers
    }
  })
  await useSettingsStore().load()
  await useSessionStore().create()
  await settle()
  const memory = useMemoryStore()
  return {
    wrapper,
    api,
    memory,
    async step(view) {
      answer = view
      api.emit('history.changed', {
        sessionId: 's1',
        state: { sessionId: 's1', steps: [], position: 0, canUndo: false, canRedo: false, busy: false }
      })
      await settle()
    }
  }
}
