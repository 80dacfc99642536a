import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { PACK_FILE_LIMITS, PackError, crc32, readPackFolder, readPackZip, writePackZip, type PackFiles } from '../../../../electron/host/labs/pack-files'
import { loadPackFromFiles, loadPackFromPath } from '../../../../electron/host/labs/pack-loader'

const enc = (s: string) => new TextEncoder().encode(s)

const PACK_YAML = `format: 1
manifest:
  id: sample
  title: Sample pack
  version: 1.0.0
  author: Tester
  license: MIT
  minPinlab: 0.1.0
labs: [one]
`
const LAB_YAML = `id: one
title: One
kernel: '6.18'
goals: [goal.md]
steps:
  - id: first
    title: First
    setup:
      files:
        - path: hello.c
          content: { file: src/hello.c }
      commands: [cc hello.c -o hello]
    editorFile: hello.c
    task: task.md
    predict:
      - id: q
        prompt: { file: q.md }
        kind: value
        answer: '42'
        explanation: Because.
    checks:
      - id: ran
        description: hello ran
        expr: contains(output, "hello") && exit == 0
        failMessage: Run ./hello.
    hints: [Type ./hello.]
    solution:
      commands: [./hello]
    explanation: done.md
`

function authored(overrides: Record<string, string | null> = {}): PackFiles {
  const files: Record<string, string | null> = {
    'pack.yaml': PACK_YAML,
    'labs/one/lab.yaml': LAB_YAML,
    'labs/one/goal.md': 'Learn *hello*.',
    'labs/one/task.md': 'Run `./hello`.',
    'labs/one/q.md': 'What is the answer?',
    'labs/one/done.md': 'Well done.',
    'labs/one/src/hello.c': '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n',
    ...overrides
  }
  return new Map(Object.entries(files).filter(([, v]) => v !== null).map(([k, v]) => [k, enc(v!)]))
}

function problemsOf(f: () => unknown): string {
  try {
    f()
  } catch (error) {
    if (error instanceof PackError) return error.problems.join('\n')
    throw error
  }
  throw new Error('expected the pack to be refused')
}

async function problemsOfAsync(f: () => Promise<unknown>): Promise<string> {
  try {
    await f()
  } catch (error) {
    if (error instanceof PackError) return error.problems.join('\n')
    throw error
  }
  throw new Error('expected the pack to be refused')
}

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pinlab-pack-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function writeFolder(files: PackFiles): string {
  const root = tempDir()
  for (const [name, data] of files) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), data)
  }
  return root
}

describe('loading authored packs', () => {
  it('resolves Markdown and file references inside the pack', () => {
    const { pack, checks } = loadPackFromFiles(authored())
    const step = pack.labs[0]!.steps[0]!
    expect(pack.labs[0]!.goals).toEqual(['Learn *hello*.'])
    expect(step.task).toBe('Run `./hello`.')
    expect(step.predict[0]!.prompt).toBe('What is the answer?')
    expect(step.explanation).toBe('Well done.')
    expect(step.setup.files[0]!.content).toContain('puts("hello")')
    expect(step.hints).toEqual(['Type ./hello.'])
    expect(checks.size).toBe(1)
  })

  it('loads the same pack from a folder and from its .pinlab zip', async () => {
    const root = writeFolder(authored())
    const fromFolder = await loadPackFromPath(root)
    const zipPath = join(tempDir(), 'sample.pinlab')
    writeFileSync(zipPath, writePackZip(await readPackFolder(root)))
    const fromZip = await loadPackFromPath(zipPath)
    expect(fromZip.pack).toEqual(fromFolder.pack)
  })

  it('refuses references that leave the pack or do not exist', () => {
    expect(problemsOf(() => loadPackFromFiles(authored({ 'labs/one/lab.yaml': LAB_YAML.replace('task: task.md', 'task: ../../pack.md') }))))
      .toContain('climbs out of the pack')
    expect(problemsOf(() => loadPackFromFiles(authored({ 'labs/one/lab.yaml': LAB_YAML.replace('{ file: src/hello.c }', '{ file: /etc/passwd }') }))))
      .toContain('is refused')
    expect(problemsOf(() => loadPackFromFiles(authored({ 'labs/one/done.md': null })))).toBe(
      'labs/one/lab.yaml: refers to labs/one/done.md, which is not in the pack.'
    )
  })

  it('refuses bad YAML with the file, line and column', () => {
    const text = problemsOf(() => loadPackFromFiles(authored({ 'labs/one/lab.yaml': 'id: one\ntitle: [unclosed\n' })))
    expect(text).toMatch(/^labs\/one\/lab\.yaml:\d+:\d+: /)
    expect(problemsOf(() => loadPackFromFiles(authored({ 'pack.yaml': 'format: 1\nformat: 2\n' })))).toMatch(/^pack\.yaml:2:1: .*unique/i)
  })

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`)
    expect(problemsOf(() => loadPackFromFiles(authored({ 'pack.yaml': bomb.join('\n') + '\n' })))).toMatch(/^pack\.yaml:/)
  })

  it('refuses schema violations, naming the lab and step', () => {
    const text = problemsOf(() => loadPackFromFiles(authored({ 'labs/one/lab.yaml': LAB_YAML.replace("kernel: '6.18'", "kernel: '2.6'").replace('answer: \'42\'', 'answer: 42') })))
    expect(text).toContain('lab "one" › kernel:')
    expect(text).toContain('lab "one" › step "first" › question "q" › answer:')
  })

  it('refuses a check expression error with the pack, lab, step, check and position', () => {
    const text = problemsOf(() => loadPackFromFiles(authored({ 'labs/one/lab.yaml': LAB_YAML.replace('exit == 0', 'exit == "0"') })))
    expect(text).toContain('pack "sample", lab "one", step "first", check "ran": 1:35: cannot compare an int with a string')
  })

  it('refuses a pack.yaml without format, of a future format, or listing a lab that is missing', () => {
    expect(problemsOf(() => loadPackFromFiles(authored({ 'pack.yaml': PACK_YAML.replace('format: 1\n', '') })))).toContain('no whole-number "format"')
    expect(problemsOf(() => loadPackFromFiles(authored({ 'pack.yaml': PACK_YAML.replace('format: 1', 'format: 3') })))).toContain('update PinLab')
    expect(problemsOf(() => loadPackFromFiles(authored({ 'pack.yaml': PACK_YAML.replace('labs: [one]', 'labs: [one, two]') })))).toContain(
      'pack.yaml lists the lab "two", but the pack has no labs/two/lab.yaml.'
    )
    expect(problemsOf(() => loadPackFromFiles(authored({ 'pack.yaml': null })))).toContain('pack.yaml, which is not in the pack')
    expect(problemsOf(() => loadPackFromFiles(authored({ 'labs/one/lab.yaml': LAB_YAML.replace('id: one', 'id: other') })))).toContain('differs from its folder name')
  })

  it('refuses text that is not UTF-8', () => {
    const files = authored()
    files.set('labs/one/task.md', new Uint8Array([0xff, 0xfe, 0x00]))
    expect(problemsOf(() => loadPackFromFiles(files))).toBe('labs/one/task.md is not UTF-8 text.')
  })

  it('refuses a link in a pack folder and a path that is not there', async () => {
    const root = writeFolder(authored())
    symlinkSync('/etc/passwd', join(root, 'labs/one/passwd'))
    expect(await problemsOfAsync(() => readPackFolder(root))).toContain('labs/one/passwd is a link')
    expect(await problemsOfAsync(() => loadPackFromPath(join(root, 'nope')))).toContain('There is no pack at')
  })
})

describe('reading .pinlab zips', () => {
  const zipOf = (entries: Zippable, level: 0 | 9 = 9) => zipSync(entries, { level })

  it('refuses archives that are not zips, or truncated', () => {
    const good = writePackZip(authored())
    expect(problemsOf(() => readPackZip(enc('not a zip at all, just text that is long enough')))).toContain('no zip end-of-directory record')
    expect(problemsOf(() => readPackZip(good.subarray(0, good.length - 30)))).toMatch(/not a readable \.pinlab pack/)
    expect(problemsOf(() => readPackZip(good.subarray(0, 10)))).toContain('too short')
    const corrupt = good.slice()
    corrupt.fill(0x41, 40, 200)
    expect(problemsOf(() => readPackZip(corrupt))).toMatch(/not a readable|refused/)
  })

  it('refuses an entry whose bytes fail the checksum', () => {
    const stored = zipOf({ 'pack.yaml': enc(PACK_YAML) }, 0)
    const at = new TextDecoder('latin1').decode(stored).indexOf('format: 1')
    const damaged = stored.slice()
    damaged[at + 8] = '2'.charCodeAt(0)
    expect(problemsOf(() => readPackZip(damaged))).toBe('The pack is refused: pack.yaml fails its checksum (the file is damaged).')
    expect(crc32(enc('123456789'))).toBe(0xcbf43926)
  })

  it('refuses a zip bomb by its compression ratio before inflating it', () => {
    const zip = zipOf({ 'pack.yaml': new Uint8Array(900 * 1024) })
    expect(problemsOf(() => readPackZip(zip))).toContain('expands more than 100 times')
  })

  it('refuses entries over the size limits and too many entries', () => {
    const big = new Uint8Array(PACK_FILE_LIMITS.entryBytes + 1).map((_, i) => (i * 7919) & 0xff)
    expect(problemsOf(() => readPackZip(zipOf({ 'big.bin': big }, 0)))).toContain('is larger than 1048576 bytes')
    const many: Zippable = {}
    for (let i = 0; i <= PACK_FILE_LIMITS.entries; i++) many[`f${i}.txt`] = enc('x')
    expect(problemsOf(() => readPackZip(zipOf(many)))).toContain('more than 500 entries')
    expect(problemsOf(() => readPackZip(new Uint8Array(PACK_FILE_LIMITS.archiveBytes + 1)))).toContain('larger than')
  })

  it.each([
    ['../evil.txt', 'climbs out of the pack'],
    ['labs/../../evil.txt', 'climbs out of the pack'],
    ['/etc/passwd', 'absolute path'],
    ['C:/windows.txt', 'absolute path'],
    ['labs\\x.txt', 'backslash'],
    ['a//b.txt', 'empty or "." part']
  ])('refuses the entry name %s', (name, message) => {
    expect(problemsOf(() => readPackZip(zipOf({ [name]: enc('x'), 'pack.yaml': enc(PACK_YAML) })))).toContain(message)
  })

  it('refuses links and names that differ only in case', () => {
    const link = zipOf({ 'pack.yaml': enc(PACK_YAML), 'labs/one/x': [enc('/etc/passwd'), { os: 3, attrs: 0o120777 << 16 }] })
    expect(problemsOf(() => readPackZip(link))).toContain('labs/one/x is a link')
    const dup = zipOf({ 'pack.yaml': enc(PACK_YAML), 'PACK.yaml': enc(PACK_YAML) })
    expect(problemsOf(() => readPackZip(dup))).toContain('appears twice')
  })

  it('reads a good zip, folders included', () => {
    const files = readPackZip(zipOf({ labs: {}, 'pack.yaml': enc(PACK_YAML) }))
    expect([...files.keys()]).toEqual(['pack.yaml'])
  })
})
