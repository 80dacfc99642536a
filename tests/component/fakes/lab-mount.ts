import type { VueWrapper } from '@vue/test-utils'
import { mountWithFakeHost, settle } from './mount'
import { FakeLabHost, PACKS } from './fake-lab-host'
import type { FakeApi, FakeApiOptions } from './fake-api'

/** The whole app against a fake host that knows the guided-lab methods. */
export async function mountLabApp(
  host: FakeLabHost = new FakeLabHost(),
  options: FakeApiOptions = {}
): Promise<{ wrapper: VueWrapper; api: FakeApi; host: FakeLabHost }> {
  const { wrapper, api } = await mountWithFakeHost({
    packs: PACKS,
    ...options,
    handlers: { ...host.handlers(), ...options.handlers }
  })
  await settle()
  return { wrapper, api, host }
}

/** Mounts the app and opens the lab "Pins survive COW" from the list. */
export async function mountOpenLab(host: FakeLabHost = new FakeLabHost(), options: FakeApiOptions = {}) {
  const mounted = await mountLabApp(host, options)
  const button = mounted.wrapper.findAll('[data-testid="lab-open"]')[0]!
  await button.trigger('click')
  await settle()
  return mounted
}

/** Answers every predict-first question of the first step (right answers unless told). */
export async function answerPredictions(wrapper: VueWrapper, refs = '2', pins = '1'): Promise<void> {
  const questions = wrapper.findAll('[data-testid="predict-question"]')
  await questions[0]!.find(`input[type="radio"][value="${refs}"]`).setValue(true)
  await questions[0]!.trigger('submit')
  await settle()
  await questions[1]!.find('input[type="text"]').setValue(pins)
  await questions[1]!.trigger('submit')
  await settle()
}
