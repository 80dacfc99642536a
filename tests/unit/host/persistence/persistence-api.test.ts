import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../../../shared/api'
import { StaticLabCatalog } from '../../../../electron/host/lab-catalog'
import { openProfile } from '../../../../electron/host/persistence/host-profile'
import { JsonFileProfileStore } from '../../../../electron/host/persistence/profile-store'
import { SessionHost, connectDirect } from '../../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../../electron/host/settings-store'
import { RecordingSessionDouble } from './session-double'
import { FolderLabCatalog } from '../../../../electron/host/labs/catalog'

const NOW = new Date('2026-07-08T09:10:11.000Z')
const tick = () => new Promise((resolve) => setImmediate(resolve))
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A host over a real profile folder, whose sessions are record/replay doubles. */
function makeHost(dir = mkdtempSync(join(tmpdir(), 'pinlab-host-profile-'))) {
  const profile = openProfile(new JsonFileProfileStore(dir), () => NOW)
  const sessions: RecordingSessionDouble[] = []
  const host = new SessionHost({
    settings: profile.settings,
    labs: new StaticLabCatalog([]),
    profile,
    autosaveDebounceMs: 5,
    createSession: (options) => {
      const session = new RecordingSessionDouble(options)
      sessions.push(session)
      return session
    }
  })
  const events: ApiEvent[] = []
  const { api, connection } = connectDirect(host)
  api.onEvent((e) => events.push(e))
  return { api, connection, sessions, dir, events }
}

describe('progress.* over the API', () => {
  it('gets, updates, exports and imports, and refuses a bad import with a sentence', async () => {
    const { api, dir } = makeHost()
    expect(await api.request('progress.get', {})).toEqual({ version: 1, labs: {} })
    const updated = await api.request('progress.update', { labKey: 'core/cow', patch: { completedSteps: ['fork'] } })
    expect(updated.labs['core/cow']).toMatchObject({ completedSteps: ['fork'], updatedAt: NOW.toISOString() })
    const file = await api.request('progress.export', {})
    expect(file.fileName).toBe('pinlab-progress-2026-07-08.json')
    expect(JSON.parse(file.content)).toEqual(updated)
    await expect(api.request('progress.import', { content: '{"version": 1, "labs": {"x": 1}}' })).rejects.toThrow(
      /not a usable PinLab progress file.*Nothing was imported\./
    )
    await expect(api.request('progress.update', { labKey: 'nope', patch: {} })).rejects.toMatchObject({ code: 'invalid-params' })
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toEqual(updated)
    const other = makeHost()
    expect(await other.api.request('progress.import', { content: file.content })).toEqual(updated)
  })

  it('answers unsupported when the host keeps no profile, and an empty problem list', async () => {
    const host = new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog([]) })
    const { api } = connectDirect(host)
    await expect(api.request('progress.get', {})).rejects.toMatchObject({ code: 'unsupported' })
    await expect(api.request('machine.saved', {})).rejects.toMatchObject({ code: 'unsupported' })
    await expect(api.request('session.create', { persist: true })).rejects.toMatchObject({ code: 'unsupported' })
    expect(await api.request('profile.problems', {})).toEqual({ problems: [] })
  })
})

describe('saved free-play machine over the API', () => {
  it('saves a session on request, and restores it into a new session with its kernel, seed and user', async () => {
    const first = makeHost()
    const info = await first.api.request('session.create', { kernel: '5.10', seed: 42, user: 'student' })
    await tick()
    first.sessions[0]!.runStep('gcc cow.c')
    first.sessions[0]!.runStep('./cow')
    expect(await first.api.request('machine.saved', {})).toEqual({ exists: false })
    expect(await first.api.request('machine.save', { sessionId: info.sessionId })).toEqual({ savedAt: NOW.toISOString() })
    expect(await first.api.request('machine.saved', {})).toEqual({ exists: true, savedAt: NOW.toISOString(), kernel: '5.10', steps: 2 })

    const second = makeHost(first.dir)
    const restored = await second.api.request('session.create', { restore: 'freeplay', kernel: '6.18' })
    expect(restored).toMatchObject({ kernel: '5.10', user: 'student' })
    await tick()
    const session = second.sessions[0]!
    expect(session.seed).toBe(42)
    expect(session.started).toBe(false)
    expect(session.loaded!.steps.map((s) => s.command)).toEqual(['gcc cow.c', './cow'])
  })

  it('refuses to restore when nothing is saved', async () => {
    const { api } = makeHost()
    await expect(api.request('session.create', { restore: 'freeplay' })).rejects.toThrow(/no saved free-play machine/)
  })

  it('saves a real machine and restores it, files and terminal, in a new session after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-real-'))
    const open = () => {
      const host = new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog([]), profile: openProfile(new JsonFileProfileStore(dir)) })
      const direct = connectDirect(host)
      const output = new Map<string, string>()
      direct.api.onEvent((e) => {
        if (e.event === 'terminal.output') output.set(e.payload.sessionId, (output.get(e.payload.sessionId) ?? '') + e.payload.data)
        if (e.event === 'terminal.reset') output.set(e.payload.sessionId, e.payload.data)
      })
      return { ...direct, output }
    }
    const settled = async (api: ReturnType<typeof open>['api'], sessionId: string, steps: number) => {
      for (let i = 0; i < 400; i++) {
        const state = await api.request('history.get', { sessionId })
        if (!state.busy && state.steps.length === steps && state.position === steps) return
        await wait(10)
      }
      throw new Error('the session did not settle')
    }
    const first = open()
    const info = await first.api.request('session.create', { persist: true })
    await wait(50)
    await first.api.request('terminal.input', { sessionId: info.sessionId, data: 'echo kept across restarts > note.txt\r' })
    await settled(first.api, info.sessionId, 1)
    expect(await first.api.request('machine.save', { sessionId: info.sessionId })).toMatchObject({ savedAt: expect.any(String) })
    first.connection.dispose()

    const second = open()
    expect(await second.api.request('machine.saved', {})).toMatchObject({ exists: true, steps: 1, kernel: '6.18' })
    const restored = await second.api.request('session.create', { restore: 'freeplay' })
    await settled(second.api, restored.sessionId, 1)
    expect(await second.api.request('fs.readFile', { sessionId: restored.sessionId, path: 'note.txt' })).toEqual({ content: 'kept across restarts\n' })
    expect(second.output.get(restored.sessionId)).toContain('echo kept across restarts > note.txt')
    second.connection.dispose()
  }, 30_000)

  it('a lab never overwrites the free-play machine, and leaving the lab brings it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-lab-freeplay-'))
    const host = new SessionHost({
      settings: new MemorySettingsStore(),
      labs: new FolderLabCatalog({ builtIn: [join(process.cwd(), 'labs')] }),
      profile: openProfile(new JsonFileProfileStore(dir)),
      autosaveDebounceMs: 1
    })
    const { api, connection } = connectDirect(host)
    const settled = async (sessionId: string, steps: number) => {
      for (let i = 0; i < 500; i++) {
        const state = await api.request('history.get', { sessionId })
        if (!state.busy && state.steps.length === steps && state.position === steps) return
        await wait(10)
      }
      throw new Error('the session did not settle')
    }
    const { sessionId } = await api.request('session.create', { persist: true })
    await wait(50)
    await api.request('terminal.input', { sessionId, data: 'echo mine > free.txt\r' })
    await settled(sessionId, 1)
    await wait(20)
    expect(await api.request('machine.saved', {})).toMatchObject({ exists: true, steps: 1 })

    // The lab reboots the machine and records its own (fenced) setup steps: none of it is saved.
    await api.request('labs.start', { sessionId, packId: 'pinlab-core', labId: 'page-faults-cow', step: 0 })
    await api.request('terminal.input', { sessionId, data: './faults read\r' })
    const inLab = await api.request('history.get', { sessionId })
    await wait(50)
    expect(await api.request('machine.saved', {})).toMatchObject({ exists: true, steps: 1 })
    await expect(api.request('fs.readFile', { sessionId, path: 'free.txt' })).rejects.toMatchObject({ code: 'forbidden' })
    expect(inLab.steps.length).toBeGreaterThan(1)

    expect(await api.request('labs.leave', { sessionId })).toEqual({ restored: true })
    await settled(sessionId, 1)
    expect(await api.request('fs.readFile', { sessionId, path: 'free.txt' })).toEqual({ content: 'mine\n' })
    // Saving resumes in free play.
    await api.request('terminal.input', { sessionId, data: 'echo more >> free.txt\r' })
    await settled(sessionId, 2)
    await wait(50)
    expect(await api.request('machine.saved', {})).toMatchObject({ exists: true, steps: 2 })
    // A second leave, already in free play, changes nothing.
    expect(await api.request('labs.leave', { sessionId })).toEqual({ restored: false })
    connection.dispose()
  }, 60_000)

  it('auto-saves a persist session after its steps, and on close', async () => {
    const { api, sessions, dir } = makeHost()
    const info = await api.request('session.create', { persist: true })
    await tick()
    sessions[0]!.runStep('ls')
    await wait(30)
    expect(await api.request('machine.saved', {})).toMatchObject({ exists: true, steps: 1 })
    sessions[0]!.runStep('pwd')
    await api.request('session.close', { sessionId: info.sessionId })
    const saved = JSON.parse(readFileSync(join(dir, 'machine-freeplay.json'), 'utf8'))
    expect(saved.record.steps.map((s: { command: string }) => s.command)).toEqual(['ls', 'pwd'])
  })

  it('does not auto-save a session created without persist', async () => {
    const { api, sessions } = makeHost()
    await api.request('session.create', {})
    await tick()
    sessions[0]!.runStep('ls')
    await wait(30)
    expect(await api.request('machine.saved', {})).toEqual({ exists: false })
  })

  it('tells the terminal when a restore fails', async () => {
    const first = makeHost()
    const info = await first.api.request('session.create', {})
    await tick()
    first.sessions[0]!.runStep('ls')
    await first.api.request('machine.save', { sessionId: info.sessionId })
    const second = makeHost(first.dir)
    const restored = await second.api.request('session.create', { restore: 'freeplay' })
    second.sessions[0]!.failLoad = new Error('replay diverged')
    await tick()
    await tick()
    const text = second.events.map((e) => (e.event === 'terminal.output' && e.payload.sessionId === restored.sessionId ? e.payload.data : '')).join('')
    expect(text).toContain('The saved machine could not be restored')
  })
})

describe('profile.problems', () => {
  it('lists the damaged files the profile set aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-problems-'))
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(dir, 'progress.json'), '{"version": 1, "labs": {')
    const { api } = makeHost(dir)
    const { problems } = await api.request('profile.problems', {})
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('progress.json.corrupt-1')
  })
})
