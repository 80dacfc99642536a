import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { settle } from './fakes/mount'
import { FakeLabHost, SOLUTION, contractCalls, passingCheck } from './fakes/fake-lab-host'
import { answerPredictions, mountOpenLab } from './fakes/lab-mount'
import { useLabStore } from '../../renderer/src/stores/lab'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

async function open(host = new FakeLabHost()) {
  const result = await mountOpenLab(host)
  mounted = result.wrapper
  return result
}

const announcer = (wrapper: VueWrapper) => wrapper.find('[data-testid="lab-announcer"]')

describe('predict first', () => {
  it('keeps the task, Check, hints and solution hidden until every question is answered', async () => {
    const { wrapper } = await open()
    expect(wrapper.find('[data-testid="answer-first"]').text()).toContain('Answer first')
    for (const id of ['step-task', 'check-step', 'show-hint', 'show-solution']) {
      expect(wrapper.find(`[data-testid="${id}"]`).exists(), id).toBe(false)
    }
    const questions = wrapper.findAll('[data-testid="predict-question"]')
    // A choice is a real fieldset with a legend and a radio per option.
    const fieldset = questions[0]!.find('fieldset')
    expect(fieldset.find('legend').text()).toBe('What is the page refcount after fork?')
    expect(fieldset.findAll('input[type="radio"]').map((r) => r.attributes('value'))).toEqual(['1', '2', '3'])
    for (const radio of fieldset.findAll('input[type="radio"]')) {
      expect(fieldset.find(`label[for="${radio.attributes('id')}"]`).exists()).toBe(true)
    }
    // A value question is a labelled text input.
    const input = questions[1]!.find('input[type="text"]')
    expect(questions[1]!.find(`label[for="${input.attributes('id')}"]`).text()).toBe('How many pins does the page hold?')

    await fieldset.find('input[value="2"]').setValue(true)
    await questions[0]!.trigger('submit')
    await settle()
    expect(wrapper.find('[data-testid="step-task"]').exists()).toBe(false)

    await input.setValue('1')
    await questions[1]!.trigger('submit')
    await settle()
    expect(wrapper.find('[data-testid="answer-first"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="step-task"]').html()).toContain('<code>./pin-fork</code>')
    expect(wrapper.find('[data-testid="check-step"]').exists()).toBe(true)
  })

  it("asks the editor to open the step's C file with its starting content", async () => {
    const { LAB } = await import('./fakes/fake-lab-host')
    await open()
    expect(useLabStore().editorFile).toMatchObject(LAB.steps[0]!.editorFile!)
  })

  it('refuses an empty answer without asking the host', async () => {
    const { wrapper, api } = await open()
    await wrapper.findAll('[data-testid="predict-question"]')[1]!.trigger('submit')
    await settle()
    expect(contractCalls(api, 'labs.answer')).toEqual([])
    expect(wrapper.find('[data-testid="lab-error"]').text()).toBe('Type your prediction first.')
  })

  it('shows whether the answer was right, the right answer and why, and saves it', async () => {
    const { wrapper, api, host } = await open()
    await answerPredictions(wrapper, '3', '1')
    expect(contractCalls(api, 'labs.answer')).toEqual([
      { packId: 'basics', labId: 'pin-cow', stepId: 'fork', questionId: 'refs', answer: '3' },
      { packId: 'basics', labId: 'pin-cow', stepId: 'fork', questionId: 'pins', answer: '1' }
    ])
    const [wrong, right] = wrapper.findAll('[data-testid="predict-feedback"]')
    expect(wrong!.text()).toContain('Not quite.')
    expect(wrong!.text()).toContain('You answered 3; the answer is 2.')
    expect(wrong!.html()).toContain('<strong>2</strong>')
    expect(right!.text()).toContain('Correct.')
    // Once answered, the prediction is fixed.
    expect(wrapper.findAll('[data-testid="predict-question"] fieldset')[0]!.attributes('disabled')).toBeDefined()
    expect(host.progress.labs['basics/pin-cow']!.answers).toEqual({ 'fork/refs': '3', 'fork/pins': '1' })
    expect(contractCalls(api, 'progress.update').at(-1)!.labKey).toBe('basics/pin-cow')
  })

  it('restores saved answers and hints when the learner comes back', async () => {
    const host = new FakeLabHost().withProgress({ answers: { 'fork/refs': '2', 'fork/pins': '1' }, hintsShown: { fork: 2 } })
    const { wrapper, api } = await open(host)
    expect(contractCalls(api, 'labs.hint').map((p) => p.index)).toEqual([0, 1])
    expect(wrapper.find('[data-testid="step-task"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-testid="hints"] li')).toHaveLength(2)
    expect(wrapper.find('[data-testid="show-hint"]').text()).toBe('Show hint 3 of 3')
  })
})

describe('checking a step', () => {
  it('lists each check, shows the targeted failure message and announces it', async () => {
    const { wrapper, api } = await open()
    await answerPredictions(wrapper)
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.check')).toEqual([{ sessionId: 's1', packId: 'basics', labId: 'pin-cow', stepId: 'fork' }])
    const results = wrapper.findAll('[data-testid="check-result"]')
    expect(results.map((r) => r.classes())).toEqual([expect.arrayContaining(['pass']), expect.arrayContaining(['fail'])])
    expect(results[1]!.text()).toContain('Failed:')
    expect(results[1]!.text()).toContain('The page has no pin: call pin_user_pages before fork, not after.')
    expect(wrapper.find('#lab-check-title').text()).toBe('1 of 2 checks failed')
    const live = announcer(wrapper)
    expect(live.attributes('aria-live')).toBe('polite')
    expect(live.text()).toBe('1 of 2 checks failed: The page has no pin: call pin_user_pages before fork, not after.')
    expect(wrapper.find('[data-testid="next-step"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="step-explanation"]').exists()).toBe(false)
  })

  it('announces a second identical failure again (the live region text changes)', async () => {
    const { wrapper } = await open()
    await answerPredictions(wrapper)
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    const first = announcer(wrapper).element.textContent
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    const second = announcer(wrapper).element.textContent
    expect(second).not.toBe(first)
    expect(second!.trim()).toBe(first!.trim())
  })

  it('on a pass shows the explanation and Next step, saves the step and moves on through labs.start', async () => {
    const host = new FakeLabHost()
    host.checkResult = passingCheck()
    const { wrapper, api } = await open(host)
    await answerPredictions(wrapper)
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="step-explanation"]').html()).toContain('<strong>shares</strong>')
    expect(announcer(wrapper).text()).toBe('All 2 checks passed. Step 1 is done.')
    expect(host.progress.labs['basics/pin-cow']!.completedSteps).toEqual(['fork'])
    expect(host.progress.labs['basics/pin-cow']!.completed).toBe(false)

    await wrapper.find('[data-testid="next-step"]').trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.start').at(-1)).toEqual({ sessionId: 's1', packId: 'basics', labId: 'pin-cow', step: 1 })
    expect(wrapper.find('[data-testid="step-count"]').text()).toBe('Step 2 of 3')
    expect(wrapper.find('#lab-step-title').text()).toBe('Write in the child')
    expect(announcer(wrapper).text()).toBe('Step 2 of 3: Write in the child. The machine runs Linux 6.18.')
  })

  it('reaches only passed steps and the next one; marks the lab complete after the last', async () => {
    const host = new FakeLabHost().withProgress({ completedSteps: ['fork'] })
    host.checkResult = passingCheck()
    const { wrapper, api } = await open(host)
    const nav = () => wrapper.findAll('[data-testid="step-nav-button"]')
    expect(nav().map((b) => b.attributes('disabled') !== undefined)).toEqual([false, false, true])
    expect(nav()[1]!.attributes('aria-current')).toBe('step')
    expect(nav()[2]!.attributes('aria-label')).toBe('Step 3: Unpin, locked until the steps before it are done')

    await nav()[0]!.trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.start').at(-1)!.step).toBe(0)
    expect(wrapper.find('[data-testid="step-count"]').text()).toBe('Step 1 of 3')
    // A step passed before is open for review, predictions or not, and leads on.
    expect(wrapper.find('[data-testid="answer-first"]').exists()).toBe(false)
    expect(wrapper.find('.next').text()).toContain('You completed this step before.')
    expect(wrapper.find('[data-testid="next-step"]').exists()).toBe(true)

    // The last step: pass steps 2 and 3.
    await nav()[1]!.trigger('click')
    await settle()
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    await wrapper.find('[data-testid="next-step"]').trigger('click')
    await settle()
    await wrapper.find('[data-testid="check-step"]').trigger('click')
    await settle()
    expect(host.progress.labs['basics/pin-cow']!.completed).toBe(true)
    expect(wrapper.find('[data-testid="lab-complete"]').text()).toContain('Lab complete.')
    expect(wrapper.find('[data-testid="next-step"]').exists()).toBe(false)
  })
})

describe('the lab header', () => {
  it('names the labs to do first and which of them are done', async () => {
    const { LAB } = await import('./fakes/fake-lab-host')
    const host = new FakeLabHost({ ...LAB, prerequisites: ['basics/gup-fork', 'other/unknown'] })
    host.withProgress({ completed: true }, 'basics/gup-fork')
    const { wrapper } = await open(host)
    expect(wrapper.find('[data-testid="prerequisites"]').text()).toBe('Do first: GUP and fork (done), other/unknown')
  })
})

describe('hints and the solution', () => {
  it('reveals hints one at a time, in order, and saves how many were shown', async () => {
    const { wrapper, api, host } = await open()
    await answerPredictions(wrapper)
    for (const n of [1, 2, 3]) {
      const button = wrapper.find('[data-testid="show-hint"]')
      expect(button.text()).toBe(`Show hint ${n} of 3`)
      await button.trigger('click')
      await settle()
      expect(host.progress.labs['basics/pin-cow']!.hintsShown).toEqual({ fork: n })
    }
    expect(contractCalls(api, 'labs.hint').map((p) => p.index)).toEqual([0, 1, 2])
    expect(wrapper.findAll('[data-testid="hints"] li').map((li) => li.text())).toEqual([
      'Hint number 1 for fork.',
      'Hint number 2 for fork.',
      'Hint number 3 for fork.'
    ])
    expect(wrapper.find('[data-testid="show-hint"]').exists()).toBe(false)
  })

  it('asks before showing the solution; Escape keeps it hidden and returns focus', async () => {
    const { wrapper, api } = await open()
    await answerPredictions(wrapper)
    await wrapper.find('[data-testid="show-solution"]').trigger('click')
    await settle()
    const dialog = wrapper.find('[data-testid="confirm-dialog"]')
    expect(dialog.attributes('role')).toBe('dialog')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(document.activeElement?.textContent).toBe('Keep trying')
    expect(contractCalls(api, 'labs.solution')).toEqual([])

    await dialog.trigger('keydown', { key: 'Escape' })
    await settle()
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(contractCalls(api, 'labs.solution')).toEqual([])
    expect(document.activeElement).toBe(wrapper.find('[data-testid="show-solution"]').element)
  })

  it('after confirmation shows the commands and files, and types them for the learner', async () => {
    const { wrapper, api, host } = await open()
    await answerPredictions(wrapper)
    await wrapper.find('[data-testid="show-solution"]').trigger('click')
    await settle()
    const confirm = wrapper.findAll('[data-testid="confirm-dialog"] button').find((b) => b.text() === 'Show solution')!
    await confirm.trigger('click')
    await settle()
    expect(contractCalls(api, 'labs.solution')).toEqual([{ packId: 'basics', labId: 'pin-cow', stepId: 'fork' }])
    expect(host.progress.labs['basics/pin-cow']!.solutionShown).toEqual(['fork'])
    expect(wrapper.find('[data-testid="solution-commands"]').text()).toBe('cc -o pin-fork pin-fork.c\n./pin-fork')
    expect(wrapper.find('[data-testid="solution"]').text()).toContain('/root/pin-fork.c')

    const inputsBefore = api.callsOf('terminal.input').length
    await wrapper.find('[data-testid="type-solution"]').trigger('click')
    await settle()
    expect(contractCalls(api, 'fs.writeFile')).toEqual([{ sessionId: 's1', ...SOLUTION.files[0]! }])
    expect(api.callsOf('terminal.input').slice(inputsBefore)).toEqual([
      { sessionId: 's1', data: 'cc -o pin-fork pin-fork.c\r' },
      { sessionId: 's1', data: './pin-fork\r' }
    ])
    // The file goes to the editor too (the editor watches this request).
    expect(useLabStore().editorFile).toMatchObject({ path: '/root/pin-fork.c', content: SOLUTION.files[0]!.content })
  })

  it('says why the host refused the typed solution', async () => {
    const { PinlabApiError } = await import('../../shared/protocol')
    const host = new FakeLabHost().withProgress({ answers: { 'fork/refs': '2', 'fork/pins': '1' }, solutionShown: ['fork'] })
    const { wrapper } = await mountOpenLab(host, {
      handlers: {
        'terminal.input': () => {
          throw new PinlabApiError('internal', 'Typing here would start a new branch; go back to the latest step first.')
        }
      }
    })
    mounted = wrapper
    await wrapper.find('[data-testid="type-solution"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="lab-error"]').text()).toBe('Typing here would start a new branch; go back to the latest step first.')
  })
})
