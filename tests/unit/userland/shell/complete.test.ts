import { describe, expect, it } from 'vitest'
import { complete, currentWord, formatCandidates, type CompletionFs } from '../../../../electron/userland/shell/complete'

/** A file-system view from a table of paths: a trailing `/` is a directory, `*` an executable. */
function fsOf(paths: string[]): CompletionFs {
  const entries = new Map<string, Map<string, { dir: boolean; executable: boolean }>>()
  const add = (dir: string, name: string, info: { dir: boolean; executable: boolean }): void => {
    if (!entries.has(dir)) entries.set(dir, new Map())
    entries.get(dir)!.set(name, info)
  }
  for (const raw of paths) {
    const dir = raw.endsWith('/')
    const executable = raw.endsWith('*')
    const path = raw.replace(/[/*]$/, '')
    const parts = path.split('/').filter((p) => p !== '')
    for (let i = 0; i < parts.length; i++) {
      const parent = '/' + parts.slice(0, i).join('/')
      const last = i === parts.length - 1
      add(parent, parts[i]!, last ? { dir, executable: executable || dir } : { dir: true, executable: true })
    }
  }
  return {
    readdir: async (p) => {
      const m = entries.get(p.replace(/\/$/, '') || '/')
      return m === undefined ? null : [...m.keys()]
    },
    stat: async (p) => {
      const slash = p.lastIndexOf('/')
      const parent = p.slice(0, slash) || '/'
      return entries.get(parent)?.get(p.slice(slash + 1)) ?? null
    }
  }
}

const FS = fsOf([
  '/usr/bin/cat*', '/usr/bin/cc*', '/usr/bin/chmod*', '/usr/bin/grep*', '/usr/bin/readme', '/bin/hexdump*',
  '/root/notes.txt', '/root/notebook/', '/root/a.out*', '/root/my file.c', '/root/.bashrc', '/root/src/main.c', '/root/src/util.c',
  '/home/student/lab1.c'
])
const ENV = { cwd: '/root', path: '/usr/bin:/bin', home: '/root', commands: ['cd', 'echo', 'exit', 'export', 'ulimit'] }

describe('tab completion', () => {
  it('finds the word under the cursor and whether it is a command', () => {
    expect(currentWord('ls -l no', 8)).toEqual({ start: 6, text: 'no', command: false })
    expect(currentWord('echo a | gr', 11)).toEqual({ start: 9, text: 'gr', command: true })
    expect(currentWord('ca', 2)).toEqual({ start: 0, text: 'ca', command: true })
    expect(currentWord('cat my\\ f', 9)).toEqual({ start: 4, text: 'my f', command: false })
  })

  it('completes a unique command with a space', async () => {
    expect(await complete('gr', 2, ENV, FS)).toEqual({ insert: 'ep ', candidates: ['grep'] })
    expect(await complete('hex', 3, ENV, FS)).toEqual({ insert: 'dump ', candidates: ['hexdump'] })
    expect(await complete('ul', 2, ENV, FS)).toEqual({ insert: 'imit ', candidates: ['ulimit'] })
  })

  it('inserts the common prefix of several commands and returns them all for the listing', async () => {
    const r = await complete('c', 1, ENV, FS)
    expect(r.insert).toBe('')
    expect(r.candidates).toEqual(['cat', 'cc', 'cd', 'chmod'])
    expect(await complete('ex', 2, ENV, FS)).toEqual({ insert: '', candidates: ['exit', 'export'] })
    expect(await complete('exp', 3, ENV, FS)).toEqual({ insert: 'ort ', candidates: ['export'] })
  })

  it('does not offer non-executable files as commands', async () => {
    expect(await complete('rea', 3, ENV, FS)).toEqual({ insert: '', candidates: [] })
  })

  it('completes paths for arguments, with / for directories and a space for files', async () => {
    expect(await complete('cat note', 8, ENV, FS)).toEqual({ insert: '', candidates: ['notebook/', 'notes.txt'] })
    expect(await complete('cat notes', 9, ENV, FS)).toEqual({ insert: '.txt ', candidates: ['notes.txt'] })
    expect(await complete('cd noteb', 8, ENV, FS)).toEqual({ insert: 'ook/', candidates: ['notebook/'] })
    expect(await complete('cat src/m', 9, ENV, FS)).toEqual({ insert: 'ain.c ', candidates: ['main.c'] })
    expect(await complete('cat src/', 8, ENV, FS)).toEqual({ insert: '', candidates: ['main.c', 'util.c'] })
    expect(await complete('cat /home/student/l', 19, ENV, FS)).toEqual({ insert: 'ab1.c ', candidates: ['lab1.c'] })
    expect(await complete('cat ~/src/u', 11, ENV, FS)).toEqual({ insert: 'til.c ', candidates: ['util.c'] })
  })

  it('offers directories only after cd, as bash-completion does', async () => {
    expect(await complete('cd n', 4, ENV, FS)).toEqual({ insert: 'otebook/', candidates: ['notebook/'] })
    expect(await complete('cat n', 5, ENV, FS)).toEqual({ insert: 'ote', candidates: ['notebook/', 'notes.txt'] })
  })

  it('escapes spaces in what it inserts, and hides dot files unless asked', async () => {
    expect(await complete('cat my', 6, ENV, FS)).toEqual({ insert: '\\ file.c ', candidates: ['my file.c'] })
    expect((await complete('cat ', 4, ENV, FS)).candidates).not.toContain('.bashrc')
    expect(await complete('cat .b', 6, ENV, FS)).toEqual({ insert: 'ashrc ', candidates: ['.bashrc'] })
  })

  it('completes ./ paths in command position to executables and directories', async () => {
    expect(await complete('./a', 3, ENV, FS)).toEqual({ insert: '.out ', candidates: ['a.out'] })
    expect((await complete('./', 2, ENV, FS)).candidates).toEqual(['a.out', 'notebook/', 'src/'])
  })

  it('lists candidates in columns down, as bash does', () => {
    expect(formatCandidates(['cat', 'cc', 'cd', 'chmod'], 80)).toBe('cat    cc     cd     chmod\n')
    expect(formatCandidates(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'], 14)).toBe('aaaa  dddd\nbbbb  eeee\ncccc\n')
  })
})
