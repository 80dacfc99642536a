import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { SessionRecord } from '../../../../shared/history'
import { ProfileProblems } from '../../../../electron/host/persistence/document'
import { MachineAutosave, asRecordableSession } from '../../../../electron/host/persistence/machine-autosave'
import { MAX_SAVED_MACHINE_BYTES, MachineStore } from '../../../../electron/host/persistence/machine-store'
import { JsonFileProfileStore, MemoryProfileStore } from '../../../../electron/host/persistence/profile-store'
import { Session } from '../../../../electron/host/session'
import { RecordingSessionDouble } from './session-double'

const NOW = new Date('2026-05-06T07:08:09.000Z')
const freshDir = () => mkdtempSync(join(tmpdir(), 'pinlab-machine-'))

const RECORD: SessionRecord = {
  version: 1,
  kernel: '5.10',
  seed: 7,
  user: 'student',
  banner: 'PinLab — simulated Linux 5.10\r\n$ ',
  steps: [
    { kind: 'write-file', command: '/home/student/cow.c', content: 'int main(){}', clock: 10, inputs: [], kernel: '5.10', exitStatus: null, output: '', fence: false },
    { kind: 'command', command: 'gcc cow.c', clock: 20, inputs: [{ clock: 25, data: 'y\r' }], kernel: '5.10', exitStatus: 0, output: 'gcc cow.c\r\n$ ', fence: false }
  ],
  position: 2
}

const double = () => new RecordingSessionDouble({ id: 's1', kernel: '6.18', seed: 3, user: 'root', cols: 80, rows: 24 })

describe('MachineStore', () => {
  it('is empty at first, then saves, summarises and reloads a record', () => {
    const dir = freshDir()
    const store = new MachineStore(new JsonFileProfileStore(dir), new ProfileProblems(), 'freeplay', () => NOW)
    expect(store.summary()).toEqual({ exists: false })
    expect(store.load()).toBeNull()
    expect(store.save(RECORD)).toEqual({ savedAt: NOW.toISOString() })
    expect(store.summary()).toEqual({ exists: true, savedAt: NOW.toISOString(), kernel: '5.10', steps: 2 })
    expect(readdirSync(dir)).toEqual(['machine-freeplay.json'])
    const reopened = new MachineStore(new JsonFileProfileStore(dir), new ProfileProblems())
    expect(reopened.load()).toEqual(RECORD)
  })

  it('refuses an invalid record and keeps the previous save', () => {
    const store = new MachineStore(new MemoryProfileStore(), new ProfileProblems(), 'freeplay', () => NOW)
    store.save(RECORD)
    expect(() => store.save({ ...RECORD, position: 5 })).toThrow(/could not be saved .*position.*previous save is kept/)
    expect(store.load()).toEqual(RECORD)
  })

  it('refuses a record over the size cap', () => {
    const store = new MachineStore(new MemoryProfileStore(), new ProfileProblems())
    const step = { ...RECORD.steps[1]!, output: 'x'.repeat(4 * 1024 * 1024 - 10) }
    const huge = { ...RECORD, steps: [step, step, step, step, step], position: 5 }
    expect(() => store.save(huge)).toThrow(new RegExp(`more than the ${MAX_SAVED_MACHINE_BYTES / 1024 / 1024} MB`))
    expect(store.summary()).toEqual({ exists: false })
  })

  it('sets a damaged saved machine aside and reports it', () => {
    const dir = freshDir()
    const text = JSON.stringify({ version: 1, savedAt: NOW.toISOString(), record: { ...RECORD, kernel: '9.9' } })
    writeFileSync(join(dir, 'machine-freeplay.json'), text)
    const problems = new ProfileProblems()
    const store = new MachineStore(new JsonFileProfileStore(dir), problems)
    expect(store.summary()).toEqual({ exists: false })
    expect(problems.list()[0]).toMatch(/saved free-play machine .* could not be read \(values out of range or missing at record\.kernel/)
    expect(readFileSync(join(dir, 'machine-freeplay.json.corrupt-1'), 'utf8')).toBe(text)
  })
})

describe('MachineAutosave', () => {
  it('recognises a session with the record/replay API and only such a one', () => {
    expect(asRecordableSession(double())).not.toBeNull()
    const real = new Session({ id: 's2', kernel: '6.18', seed: 1, user: 'root', cols: 80, rows: 24 })
    expect(asRecordableSession(real)).toBe(real)
    real.dispose()
    expect(asRecordableSession({ toRecord: () => null, load: async () => {} })).toBeNull()
    expect(asRecordableSession({})).toBeNull()
  })

  it('saves once after a burst of steps, when the quiet time runs out', () => {
    vi.useFakeTimers()
    try {
      const session = double()
      const machines = new MachineStore(new MemoryProfileStore(), new ProfileProblems())
      const save = vi.spyOn(machines, 'save')
      const autosave = new MachineAutosave(session, machines, { debounceMs: 500, report: () => {} })
      session.runStep('ls')
      vi.advanceTimersByTime(300)
      session.runStep('pwd')
      vi.advanceTimersByTime(300)
      expect(save).not.toHaveBeenCalled()
      vi.advanceTimersByTime(200)
      expect(save).toHaveBeenCalledTimes(1)
      expect(machines.load()!.steps.map((s) => s.command)).toEqual(['ls', 'pwd'])
      expect(autosave.pending).toBe(false)
      autosave.dispose()
    } finally {
      vi.useRealTimers()
    }
  })

  it('writes a pending save when the session closes, and nothing after', () => {
    vi.useFakeTimers()
    try {
      const session = double()
      const machines = new MachineStore(new MemoryProfileStore(), new ProfileProblems())
      const autosave = new MachineAutosave(session, machines, { debounceMs: 10_000, report: () => {} })
      session.runStep('echo hi')
      expect(machines.summary().exists).toBe(false)
      autosave.dispose()
      expect(machines.load()!.steps).toHaveLength(1)
      session.runStep('echo later')
      vi.advanceTimersByTime(20_000)
      expect(machines.load()!.steps).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reports a failed save once, keeps the previous one, and tries again on the next step', () => {
    vi.useFakeTimers()
    try {
      const session = double()
      const machines = new MachineStore(new MemoryProfileStore(), new ProfileProblems())
      const reports: string[] = []
      const autosave = new MachineAutosave(session, machines, { debounceMs: 1, report: (p) => reports.push(p) })
      session.runStep('one')
      vi.advanceTimersByTime(1)
      const failing = vi.spyOn(machines, 'save').mockImplementation(() => {
        throw new Error('disk full')
      })
      session.runStep('two')
      vi.advanceTimersByTime(1)
      session.runStep('three')
      vi.advanceTimersByTime(1)
      expect(reports).toEqual(['The free-play machine could not be saved (disk full); the previous save is kept.'])
      failing.mockRestore()
      expect(machines.load()!.steps).toHaveLength(1)
      session.runStep('four')
      vi.advanceTimersByTime(1)
      expect(machines.load()!.steps).toHaveLength(4)
      autosave.dispose()
    } finally {
      vi.useRealTimers()
    }
  })
})
