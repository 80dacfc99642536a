import { afterEach, describe, expect, it } from 'vitest'
import { PinlabApiError } from '../../../../shared/api'
import type { SessionRecord } from '../../../../shared/history'
import { Session } from '../../../../electron/host/session'
import { buildMemoryView } from '../../../../electron/host/memory-view'
import { openSession, readFiles, type DrivenSession } from './drive-session'

const opened: Array<{ dispose(): void }> = []
afterEach(() => {
  for (const s of opened.splice(0)) s.dispose()
})

async function recorded(): Promise<{ driven: DrivenSession; record: SessionRecord }> {
  const driven = await openSession({ seed: 11 })
  opened.push(driven)
  await driven.quiet()
  await driven.session.writeFile('note', 'saved text\n')
  await driven.run('echo one > a; cat note >> a')
  await driven.run('cat a a > b')
  await driven.session.undo()
  return { driven, record: driven.session.toRecord() }
}

describe('SessionRecord: toRecord, restoreFrom, load', () => {
  it('a restored session has the recorded machine, transcript and redo future', async () => {
    const { driven, record } = await recorded()
    expect(record).toMatchObject({ version: 1, kernel: '6.18', seed: 11, user: 'root', position: 2 })
    expect(record.steps.map((s) => s.kind)).toEqual(['write-file', 'command', 'command'])
    const resets: string[] = []
    const restored = await Session.restoreFrom(JSON.parse(JSON.stringify(record)) as SessionRecord, { id: 's9', cols: 120, rows: 40 })
    opened.push(restored)
    restored.onReset((data) => resets.push(data))
    await restored.idle()
    await restored.machine!.settle()
    await driven.quiet()
    const files = ['/root/note', '/root/a', '/root/b']
    expect(readFiles(restored, files)).toEqual(readFiles(driven.session, files))
    expect(buildMemoryView(restored.machine!)).toEqual(buildMemoryView(driven.session.machine!))
    expect(restored.history.transcript()).toBe(driven.session.history.transcript())
    expect(restored.historyState()).toMatchObject({ position: 2, canRedo: true })
    await restored.redo()
    expect(readFiles(restored, ['/root/b'])['/root/b']).toBe('one\nsaved text\none\nsaved text\n')
  })

  it('refuses a record it cannot replay and keeps its own history', async () => {
    const { driven, record } = await recorded()
    const session = driven.session
    const bad: Array<[Partial<SessionRecord>, RegExp]> = [
      [{ version: 2 as 1 }, /another PinLab version/],
      [{ seed: 12 }, /another seed or user/],
      [{ position: 9 }, /outside its 3 steps/],
      [{ kernel: '9.9' as '6.18' }, /kernel 9.9 is not one this PinLab runs/],
      [{ steps: [{ kind: 'rm -rf', command: 'x' } as never] , position: 0 }, /Step 1 of the history is not a command/],
      [{ steps: [{ ...record.steps[0]!, command: 'relative' }], position: 1 }, /Step 1 of the history is a saved file without an absolute path/],
      [{ steps: [{ ...record.steps[1]!, clock: Number.NaN }], position: 1 }, /Step 1 of the history has no valid clock/]
    ]
    for (const [patch, message] of bad) {
      let error: unknown = null
      try {
        await session.load({ ...record, ...patch })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(PinlabApiError)
      expect((error as PinlabApiError).message).toMatch(message)
    }
    expect(session.history.position).toBe(2)
    expect(session.history.steps.length).toBe(3)
    await expect(Session.restoreFrom({ ...record, steps: 'x' as never }, { id: 's8', cols: 80, rows: 24 })).rejects.toThrow("The history's steps are missing.")
  })
})
