import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { PinlabApiError, type ApiEvent, type PinlabApi } from '../../../../shared/api'
import { FolderLabCatalog } from '../../../../electron/host/labs/catalog'
import { LabRunner } from '../../../../electron/host/labs/lab-runner'
import { readPackFolder } from '../../../../electron/host/labs/pack-files'
import { loadPackFromFiles } from '../../../../electron/host/labs/pack-loader'
import { openVerifySession } from '../../../../electron/host/labs/verify-session'
import { SessionHost, connectDirect } from '../../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../../electron/host/settings-store'

const LABS = fileURLToPath(new URL('../../../../labs', import.meta.url))
const CORE = join(LABS, 'pinlab-core')

const installed = mkdtempSync(join(tmpdir(), 'pinlab-installed-'))
afterAll(() => rmSync(installed, { recursive: true, force: true }))

/** An installed pack whose setup fails, one that does not load, and one that shadows a built-in id. */
function installPacks(): void {
  const failing = join(installed, 'failing')
  mkdirSync(join(failing, 'labs/broken'), { recursive: true })
  writeFileSync(join(failing, 'pack.yaml'), 'format: 1\nmanifest: {id: failing, title: Failing, version: 1.0.0, author: T, license: MIT, minPinlab: 0.1.0}\nlabs: [broken]\n')
  writeFileSync(
    join(failing, 'labs/broken/lab.yaml'),
    `title: Broken setup
kernel: '5.10'
goals: [g]
steps:
  - id: only
    title: Only
    setup: { commands: ['echo setting up; exit 7'] }
    task: t
    checks: [{ id: c, description: d, expr: 'true', failMessage: f }]
    solution: { commands: [] }
    explanation: e
`
  )
  const bad = join(installed, 'bad')
  mkdirSync(bad)
  writeFileSync(join(bad, 'pack.yaml'), 'format: 1\nlabs: [x]\n')
  cpSync(CORE, join(installed, 'shadow'), { recursive: true })
}
installPacks()

function connect(): { api: PinlabApi; events: ApiEvent[]; host: SessionHost; catalog: FolderLabCatalog } {
  const catalog = new FolderLabCatalog({ builtIn: [LABS], installed })
  const host = new SessionHost({ settings: new MemorySettingsStore(), labs: catalog })
  const { api } = connectDirect(host)
  const events: ApiEvent[] = []
  api.onEvent((e) => events.push(e))
  return { api, events, host, catalog }
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p
  } catch (error) {
    if (error instanceof PinlabApiError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

async function typeAndWait(api: PinlabApi, events: ApiEvent[], sessionId: string, line: string): Promise<void> {
  const promptsBefore = screen(events, sessionId).split('root@pinlab:~# ').length
  await api.request('terminal.input', { sessionId, data: line + '\r' })
  for (let i = 0; i < 2000 && screen(events, sessionId).split('root@pinlab:~# ').length === promptsBefore; i++) await new Promise((r) => setTimeout(r, 5))
}

function screen(events: ApiEvent[], sessionId: string): string {
  return events.map((e) => (e.event === 'terminal.output' && e.payload.sessionId === sessionId ? e.payload.data : '')).join('')
}

describe('labs API', () => {
  it('lists the built-in and installed packs; a broken or shadowing pack is left out with a reason', async () => {
    const { api, catalog } = connect()
    const { packs } = await api.request('labs.list', {})
    expect(packs.map((p) => [p.id, p.builtIn])).toEqual([
      ['pinlab-core', true],
      ['failing', false]
    ])
    expect(packs[0]!.labs[0]).toEqual({ id: 'page-faults-cow', title: 'Page faults, the zero page and copy-on-write', kernel: '6.18' })
    expect(catalog.problems.join('\n')).toContain('bad: pack.yaml')
    expect(catalog.problems.join('\n')).toContain('a pack with the id "pinlab-core" is already loaded')
  })

  it('gives the learner view without answers, hints or solutions', async () => {
    const { api } = connect()
    const lab = await api.request('labs.get', { packId: 'pinlab-core', labId: 'page-faults-cow' })
    expect(lab.steps.map((s) => s.id)).toEqual(['read-fault', 'write-fault', 'fork-cow'])
    expect(lab.steps[0]!.predict[0]).toEqual({
      id: 'read-frame',
      prompt: expect.stringContaining('reads'),
      kind: 'choice',
      choices: ['A new zeroed frame of its own', 'The shared zero page', 'No frame; the page stays unmapped']
    })
    expect(lab.steps[0]!.editorFile?.path).toBe('faults.c')
    expect(lab.steps[0]!.hintCount).toBe(2)
    const text = JSON.stringify(lab)
    expect(text).not.toContain('"answer"')
    expect(text).not.toContain('do_anonymous_page') // explanations stay in the host
    expect(text).not.toContain('Type `./faults read`') // hints too
  })

  it('starts a step on a fresh machine, checks it, and opens a new trace window after a pass', async () => {
    const { api, events } = connect()
    const { sessionId } = await api.request('session.create', {})
    const started = await api.request('labs.start', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', step: 1 })
    expect(started.step).toBe(1)
    expect(screen(events, sessionId)).not.toContain('cc faults.c') // setup ran hidden

    const before = await api.request('labs.check', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', stepId: 'write-fault' })
    expect(before.passed).toBe(false)
    expect(before.explanation).toBeNull()
    expect(before.results[0]).toMatchObject({ id: 'ran', passed: false, message: 'Run `./faults write` at the prompt (it prints write_pfn=…).' })

    await typeAndWait(api, events, sessionId, './faults write')
    const after = await api.request('labs.check', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', stepId: 'write-fault' })
    expect(after.results.filter((r) => !r.passed)).toEqual([])
    expect(after.passed).toBe(true)
    expect(after.explanation).toContain('do_anonymous_page()')

    // The pass closed the step's trace window: the same run does not count twice.
    const again = await api.request('labs.check', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', stepId: 'write-fault' })
    expect(again.results.find((r) => r.id === 'traced')).toMatchObject({ passed: false })

    // The read step's checks fail on a written page, with the author's message.
    const wrong = await api.request('labs.check', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', stepId: 'read-fault' })
    expect(wrong.results.find((r) => r.id === 'ran')).toMatchObject({ passed: false, message: expect.stringContaining('./faults read') })
  })

  it('reruns a lab on another kernel when asked', async () => {
    const { api, events } = connect()
    const { sessionId } = await api.request('session.create', {})
    await api.request('labs.start', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', step: 0, kernel: '5.10' })
    expect(events.some((e) => e.event === 'session.changed' && e.payload.kernel === '5.10')).toBe(true)
  })

  it('answers, hints and solutions', async () => {
    const { api } = connect()
    const ids = { packId: 'pinlab-core', labId: 'page-faults-cow', stepId: 'read-fault' }
    expect(await api.request('labs.answer', { ...ids, questionId: 'read-frame', answer: ' The shared zero page ' })).toMatchObject({ correct: true, expected: 'The shared zero page' })
    expect(await api.request('labs.answer', { ...ids, questionId: 'read-frame', answer: 'No frame; the page stays unmapped' })).toMatchObject({ correct: false })
    expect(await api.request('labs.answer', { ...ids, stepId: 'fork-cow', questionId: 'shared-frame', answer: 'YES' })).toMatchObject({ correct: true })
    expect(await api.request('labs.hint', { ...ids, index: 1 })).toMatchObject({ index: 1, count: 2, text: expect.stringContaining('frame(pfn).zero') })
    expect(await api.request('labs.solution', ids)).toEqual({ commands: ['./faults read'], files: [] })
  })

  it('refuses hostile and wrong parameters with a sentence and changes nothing', async () => {
    const { api, events } = connect()
    const { sessionId } = await api.request('session.create', {})
    const ids = { packId: 'pinlab-core', labId: 'page-faults-cow' }
    const cases: Array<[() => Promise<unknown>, string, RegExp]> = [
      [() => api.request('labs.get', { packId: 'nope', labId: 'x' }), 'invalid-params', /There is no lab pack "nope"/],
      [() => api.request('labs.get', { ...ids, labId: 'nope' }), 'invalid-params', /Pack "pinlab-core" has no lab "nope"\./],
      [() => api.request('labs.get', { packId: '../../etc', labId: 'x' }), 'invalid-params', /packId: an id is/],
      [() => api.request('labs.get', { packId: 'a'.repeat(5000), labId: 'x' }), 'invalid-params', /packId/],
      [() => api.request('labs.get', { ...ids, extra: 1 } as never), 'invalid-params', /Unrecognized key/],
      [() => api.request('labs.start', { sessionId, ...ids, step: 3 }), 'invalid-params', /steps 0 to 2; there is no step 3/],
      [() => api.request('labs.start', { sessionId, ...ids, step: -1 }), 'invalid-params', /step/],
      [() => api.request('labs.start', { sessionId, ...ids, step: 0.5 }), 'invalid-params', /step/],
      [() => api.request('labs.start', { sessionId, ...ids, step: 0, kernel: '2.6' as never }), 'invalid-params', /kernel/],
      [() => api.request('labs.start', { sessionId: 's999', ...ids, step: 0 }), 'no-session', /There is no open session s999/],
      [() => api.request('labs.check', { sessionId, ...ids, stepId: 'nope' }), 'invalid-params', /Lab "page-faults-cow" has no step "nope"/],
      [() => api.request('labs.answer', { ...ids, stepId: 'read-fault', questionId: 'nope', answer: 'x' }), 'invalid-params', /has no question "nope"/],
      [() => api.request('labs.answer', { ...ids, stepId: 'read-fault', questionId: 'read-frame', answer: 'x'.repeat(401) }), 'invalid-params', /answer/],
      [() => api.request('labs.hint', { ...ids, stepId: 'read-fault', index: 5 }), 'invalid-params', /hints 0 to 1; there is no hint 5/],
      [() => api.request('labs.hint', { ...ids, stepId: 'read-fault', index: 1e9 }), 'invalid-params', /index/],
      [() => api.request('labs.solution', { ...ids, stepId: '__proto__' }), 'invalid-params', /stepId: an id is/],
      [() => api.request('labs.solution', { ...ids, stepId: 'constructor' }), 'invalid-params', /has no step "constructor"/],
    ]
    for (const [call, code, message] of cases) {
      const r = await refusal(call())
      expect(r.code).toBe(code)
      expect(r.message).toMatch(message)
    }
    // None of them touched the machine.
    expect(events.filter((e) => e.event === 'session.changed')).toEqual([])
  })

  it('reports a pack whose setup fails with the command, its status and its output', async () => {
    const { api } = connect()
    const { sessionId } = await api.request('session.create', {})
    const r = await refusal(api.request('labs.start', { sessionId, packId: 'failing', labId: 'broken', step: 0 }))
    expect(r).toEqual({ code: 'unsupported', message: 'The setup of step "only" failed: `echo setting up; exit 7` exited with status 7:\nsetting up\n' })
  })

  it('refuses a second start while one runs in the same session', async () => {
    const { api } = connect()
    const { sessionId } = await api.request('session.create', {})
    const params = { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', step: 0 }
    const first = api.request('labs.start', params)
    const second = await refusal(api.request('labs.start', params))
    expect(second).toEqual({ code: 'forbidden', message: `Session ${sessionId} is already starting a lab step; wait for it to finish.` })
    expect((await first).step).toBe(0)
  })
})

describe('LabRunner.verify', () => {
  it('fails a step whose solution does not do what its checks and questions say', async () => {
    const pack = loadPackFromFiles(await readPackFolder(CORE))
    const lab = pack.pack.labs[0]!
    lab.steps = [lab.steps[0]!]
    lab.steps[0]!.solution.commands = ['./faults write']
    const report = await new LabRunner().verify(pack, openVerifySession)
    expect(report.ok).toBe(false)
    const problems = report.labs[0]!.steps[0]!.problems.join('\n')
    expect(problems).toContain('question "read-frame": its confirm expression could not be evaluated: the text has no "read_pfn=" followed by a number')
    expect(problems).toContain('check "ran" failed')
    expect(problems).toContain('check "zero-page" failed')
    expect(problems).toContain('the last command was `./faults write` (status 0)')
  })
})
