import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { EditorView } from '@codemirror/view'
import { forEachDiagnostic } from '@codemirror/lint'
import { Text } from '@codemirror/state'
import { defineComponent, h, ref } from 'vue'
import { PinlabApiError, type Params } from '../../shared/protocol'
import CEditor from '../../renderer/src/components/editor/CEditor.vue'
import { runCommand, shellQuote, toEditorDiagnostic } from '../../renderer/src/components/editor/c-editor-support'
import { useSettingsStore } from '../../renderer/src/stores/settings'
import { mountWithFakeHost, settle } from './fakes/mount'
import type { FakeApiOptions } from './fakes/fake-api'

// jsdom lays nothing out: CodeMirror measures text ranges, which jsdom's Range cannot.
if (typeof Range.prototype.getClientRects !== 'function') {
  Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList
  Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0)
}

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

const BAD = 'int main(void) { return 4 }\n'
const waitForLint = () => new Promise((resolve) => setTimeout(resolve, 600))

/** Mounts the editor in a parent that holds the v-model, against a fake host. */
async function mountEditor(handlers: Record<string, (params: never) => unknown>, initial = BAD) {
  const text = ref<string | undefined>(undefined)
  const Parent = defineComponent({
    setup: () => () =>
      h(CEditor, {
        sessionId: 's1',
        path: '/root/cow.c',
        initialContent: initial,
        content: text.value,
        'onUpdate:content': (v: string | undefined) => (text.value = v)
      })
  })
  const { wrapper, api } = await mountWithFakeHost({ component: Parent, handlers: handlers as FakeApiOptions['handlers'] })
  mounted = wrapper
  await settle()
  const view = EditorView.findFromDOM(wrapper.get('.cm-editor').element as HTMLElement)!
  return { wrapper, api, view, text }
}

function checkAnswer(p: Params<'cc.check'>) {
  return {
    diagnostics: p.source.includes('return 4 }')
      ? [{ line: 1, column: 26, endLine: 1, endColumn: 27, severity: 'error' as const, message: "expected ';' before '}' token" }]
      : []
  }
}

describe('CEditor', () => {
  it('mounts with a label and shows gcc’s diagnostic inline and in the list', async () => {
    const { wrapper, api, view } = await mountEditor({ 'cc.check': checkAnswer })
    const content = wrapper.get('.cm-content')
    const labelId = content.attributes('aria-labelledby')!
    expect(document.getElementById(labelId)!.textContent).toContain('/root/cow.c')
    await waitForLint()
    await settle()
    expect(api.callsOf('cc.check')).toEqual([{ sessionId: 's1', path: '/root/cow.c', source: BAD }])
    const inline: Array<{ from: number; to: number; message: string; severity: string }> = []
    forEachDiagnostic(view.state, (d, from, to) => inline.push({ from, to, message: d.message, severity: d.severity }))
    expect(inline).toEqual([{ from: 25, to: 26, message: "expected ';' before '}' token", severity: 'error' }])
    expect(wrapper.find('.cm-lintRange-error').exists()).toBe(true)
    expect(wrapper.get('[data-testid="c-editor-check"]').text()).toBe('gcc reports 1 error.')
    const problem = wrapper.get('.problems button')
    expect(problem.text()).toContain("line 1:26 error: expected ';' before '}' token")
    await problem.trigger('click')
    expect(view.state.selection.main.head).toBe(25)
  })

  it('checks again after an edit (debounced) and follows the v-model', async () => {
    const { wrapper, api, view, text } = await mountEditor({ 'cc.check': checkAnswer })
    await waitForLint()
    view.dispatch({ changes: { from: 25, insert: ';' } })
    view.dispatch({ changes: { from: 0, insert: '/* fixed */ ' } })
    expect(text.value).toBe('/* fixed */ int main(void) { return 4; }\n')
    await waitForLint()
    await settle()
    // Two quick edits, one check.
    expect(api.callsOf('cc.check')).toHaveLength(2)
    expect(wrapper.get('[data-testid="c-editor-check"]').text()).toBe('No problems found by gcc.')
    expect(wrapper.find('.problems').exists()).toBe(false)
    // Setting the model from outside replaces the text.
    text.value = 'int x;\n'
    await settle()
    expect(view.state.doc.toString()).toBe('int x;\n')
  })

  it('Save writes the file; Run saves, then types the shown command at the prompt', async () => {
    const writes: unknown[] = []
    const { wrapper, api, view } = await mountEditor({
      'cc.check': checkAnswer,
      'fs.writeFile': (p: { path: string }) => {
        writes.push(p)
        return { path: p.path }
      }
    })
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'int main(void) { return 0; }\n' } })
    await wrapper.get('[data-testid="c-editor-save"]').trigger('click')
    await settle()
    expect(writes).toEqual([{ sessionId: 's1', path: '/root/cow.c', content: 'int main(void) { return 0; }\n' }])
    expect(api.callsOf('terminal.input')).toEqual([])
    expect(wrapper.get('[data-testid="c-editor-status"]').text()).toBe('Saved /root/cow.c.')

    expect(wrapper.get('[data-testid="c-editor-command"]').text()).toBe('gcc -o cow /root/cow.c && ./cow')
    await wrapper.get('[data-testid="c-editor-run"]').trigger('click')
    await settle()
    expect(writes).toHaveLength(2)
    const order = api.calls.filter((c) => (c.method as string) === 'fs.writeFile' || c.method === 'terminal.input').map((c) => c.method)
    expect(order.slice(-2)).toEqual(['fs.writeFile', 'terminal.input'])
    expect(api.callsOf('terminal.input')).toEqual([{ sessionId: 's1', data: 'gcc -o cow /root/cow.c && ./cow\r' }])
  })

  it('Ctrl+S saves and Ctrl+Enter runs from inside the editor', async () => {
    const { api, view } = await mountEditor({ 'cc.check': checkAnswer, 'fs.writeFile': (p: { path: string }) => ({ path: p.path }) })
    const press = (key: string) =>
      view.contentDOM.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true }))
    press('s')
    await settle()
    expect(api.calls.filter((c) => (c.method as string) === 'fs.writeFile')).toHaveLength(1)
    expect(api.callsOf('terminal.input')).toHaveLength(0)
    press('Enter')
    await settle()
    expect(api.callsOf('terminal.input')).toHaveLength(1)
  })

  it('says why when saving fails, and then does not run', async () => {
    const { wrapper, api } = await mountEditor({
      'cc.check': checkAnswer,
      'fs.writeFile': () => {
        throw new PinlabApiError('forbidden', 'Permission denied.')
      }
    })
    await wrapper.get('[data-testid="c-editor-run"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="c-editor-status"]').text()).toBe('Could not save /root/cow.c: Permission denied.')
    expect(api.callsOf('terminal.input')).toEqual([])
  })

  it('says why when the host cannot check the code, and marks nothing', async () => {
    const { wrapper, view } = await mountEditor({
      'cc.check': () => {
        throw new PinlabApiError('unsupported', 'Session s1 has not booted its machine yet; ask again after its first output.')
      }
    })
    await waitForLint()
    await settle()
    expect(wrapper.get('[data-testid="c-editor-check"]').text()).toBe(
      'Could not check the code: Session s1 has not booted its machine yet; ask again after its first output.'
    )
    let count = 0
    forEachDiagnostic(view.state, () => count++)
    expect(count).toBe(0)
  })

  it('follows the theme and font size settings', async () => {
    const { wrapper, view } = await mountEditor({ 'cc.check': checkAnswer })
    const settings = useSettingsStore()
    expect(settings.settings.theme).toBe('dark')
    expect(view.state.facet(EditorView.darkTheme)).toBe(true)
    const editor = wrapper.get('.cm-editor').element as HTMLElement
    const fontSize = () => getComputedStyle(editor).fontSize
    expect(fontSize()).toBe(`${settings.settings.fontSize}px`)
    await settings.update({ fontSize: 20, theme: 'light' })
    await settle()
    expect(fontSize()).toBe('20px')
    expect(view.state.facet(EditorView.darkTheme)).toBe(false)
  })
})

describe('editor helpers', () => {
  it('places diagnostics inside the document even when the text moved on', () => {
    const doc = Text.of(['int main(void) {', '  return yyy;', '}'])
    expect(toEditorDiagnostic(doc, { line: 2, column: 10, endLine: 2, endColumn: 13, severity: 'error', message: 'm' })).toMatchObject({
      from: 26,
      to: 29,
      severity: 'error'
    })
    const past = toEditorDiagnostic(doc, { line: 99, column: 99, severity: 'note', message: 'n' })
    expect(past).toMatchObject({ from: doc.length, to: doc.length, severity: 'info' })
  })

  it('builds the run command with safe shell words', () => {
    expect(runCommand('cow.c')).toBe('gcc -o cow cow.c && ./cow')
    expect(runCommand('/home/student/my prog.c')).toBe("gcc -o my_prog '/home/student/my prog.c' && ./my_prog")
    expect(runCommand("it's.c")).toBe(`gcc -o it_s 'it'\\''s.c' && ./it_s`)
    expect(runCommand('Makefile')).toBe('gcc -o Makefile.out Makefile && ./Makefile.out')
    expect(runCommand('.c')).toBe('gcc -o a.out .c && ./a.out')
    expect(shellQuote('-rf')).toBe("'-rf'")
  })
})
