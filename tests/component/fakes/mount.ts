import { mount, flushPromises, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { Component } from 'vue'
import App from '../../../renderer/src/App.vue'
import { API_KEY } from '../../../renderer/src/api'
import { createPinlabRouter } from '../../../renderer/src/router'
import { FakeApi, type FakeApiOptions } from './fake-api'

/** Mounts `component` (the whole app by default) against a fake host; attached to the document so focus works. */
export async function mountWithFakeHost(
  options: FakeApiOptions & { component?: Component } = {}
): Promise<{ wrapper: VueWrapper; api: FakeApi }> {
  const api = new FakeApi(options)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createPinlabRouter(createMemoryHistory())
  await router.push('/')
  await router.isReady()
  const host = document.createElement('div')
  document.body.appendChild(host)
  const wrapper = mount(options.component ?? App, {
    attachTo: host,
    global: { plugins: [pinia, router], provide: { [API_KEY as symbol]: api } }
  })
  await flushPromises()
  return { wrapper, api }
}

/** Waits until xterm.js has parsed everything written so far and Vue has settled. */
export async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 20))
  await flushPromises()
}
