import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createProfileHost } from '../../../electron/cli/profile-host'
import { connectDirect } from '../../../electron/host/session-host'

describe('the CLI and browser-mode host keeps the profile in its folder', () => {
  it('reports a damaged file at once and to the renderer, and writes settings and progress as JSON files there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-cli-profile-'))
    writeFileSync(join(dir, 'progress.json'), 'not json')
    const warnings: string[] = []
    const { api, connection } = connectDirect(createProfileHost(dir, join(process.cwd(), 'labs'), (line) => warnings.push(line)))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^pinlab: The progress file .*progress\.json could not be read \(not valid JSON\)/)
    expect((await api.request('profile.problems', {})).problems).toEqual([warnings[0]!.slice('pinlab: '.length)])
    expect(readFileSync(join(dir, 'progress.json.corrupt-1'), 'utf8')).toBe('not json')

    await api.request('settings.set', { patch: { theme: 'light' } })
    await api.request('progress.update', { labKey: 'core/cow', patch: { completedSteps: ['fork'] } })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.theme).toBe('light')
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')).labs['core/cow'].completedSteps).toEqual(['fork'])
    expect(await api.request('machine.saved', {})).toEqual({ exists: false })
    expect(existsSync(join(dir, 'machine-freeplay.json'))).toBe(false)
    connection.dispose()
  })
})
