import { chmodSync, lutimesSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import { humanSize, ls, modeString } from '../../../../electron/userland/tools/ls'
import { realTool } from './differential'

const HOUR = 3600_000
const NOW = Date.now()

/** The tree: path → [content or null for a directory, mode, mtime offset from now]. */
const TREE: Array<[string, string | null, number, number]> = [
  ['sub', null, 0o755, -2 * HOUR],
  ['sub/inner.txt', 'inside\n', 0o644, -3 * HOUR],
  ['sub/.hidden', '', 0o600, -4 * HOUR],
  ['dir2', null, 0o700, -400 * 24 * HOUR],
  ['dir2/deep', null, 0o755, -5 * HOUR],
  ['alpha.txt', 'alpha\n', 0o644, -1 * HOUR],
  ['Beta.c', 'int main(void) { return 0; }\n', 0o664, -30 * 24 * HOUR],
  ['run.sh', 'echo hi\n', 0o755, -10 * 24 * HOUR],
  ['big.bin', 'x'.repeat(5000), 0o644, -800 * 24 * HOUR],
  ['huge.bin', 'y'.repeat(1_300_000), 0o644, -6 * HOUR],
  ['empty', '', 0o444, -7 * HOUR],
  ['with space.txt', 'sp\n', 0o644, -8 * HOUR],
  ['.dotfile', 'dot\n', 0o644, -9 * HOUR]
]
const LINK: [string, string, number] = ['link', 'alpha.txt', -11 * HOUR]

function realLs(args: string[]): { stdout: string; stderr: string; status: number } {
  const root = mkdtempSync(join(tmpdir(), 'pinlab-ls-'))
  const dir = join(root, 'w')
  mkdirSync(dir)
  try {
    for (const [path, content, mode] of TREE) {
      if (content === null) mkdirSync(join(dir, path))
      else writeFileSync(join(dir, path), content)
      chmodSync(join(dir, path), mode)
    }
    symlinkSync(LINK[1], join(dir, LINK[0]))
    lutimesSync(join(dir, LINK[0]), new Date(NOW + LINK[2]), new Date(NOW + LINK[2]))
    // Directories last: creating entries changes their mtime.
    for (const [path, , , offset] of [...TREE].reverse()) utimesSync(join(dir, path), new Date(NOW + offset), new Date(NOW + offset))
    // the listed directory itself (`..` of sub), so that no minute boundary can differ
    utimesSync(dir, new Date(NOW - 12 * HOUR), new Date(NOW - 12 * HOUR))
    const r = spawnSync(realTool('ls')!, args, { cwd: dir, argv0: 'ls', env: { LC_ALL: 'C.UTF-8', TZ: 'UTC', PATH: '/usr/bin:/bin', COLUMNS: '40' } })
    return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status ?? -1 }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

async function ourLs(args: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  const os = new FakeOs()
  os.epochMs = NOW
  os.mkdir('/w').mtimeMs = NOW - 12 * HOUR
  for (const [path, content, mode, offset] of TREE) {
    const node = content === null ? os.mkdir('/w/' + path, mode) : os.writeFile('/w/' + path, content, mode)
    node.mtimeMs = NOW + offset
  }
  os.symlink(LINK[1], '/w/' + LINK[0])
  os.lookup('/w/' + LINK[0], false)!.mtimeMs = NOW + LINK[2]
  const r = await os.runCaptured(ls, ['ls', ...args], { cwd: '/w', env: ['LC_ALL=C.UTF-8', 'TZ=UTC', 'COLUMNS=40'] })
  const dec = new TextDecoder()
  return { stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr), status: r.status.kind === 'exited' ? r.status.code : -1 }
}

describe('ls, compared with GNU ls', () => {
  it.each([
    [[]],
    [['-1']],
    [['-a']],
    [['-A']],
    [['-l']],
    [['-la', 'sub']],
    [['-lA', 'sub']],
    [['-lh']],
    [['-l', 'alpha.txt', 'run.sh']],
    [['-ld', 'sub', 'dir2']],
    [['-d', 'sub']],
    [['nosuch']],
    [['alpha.txt', 'nosuch', 'sub']],
    [['sub', 'dir2']],
    [['-r']],
    [['-t']],
    [['-S']],
    [['-lS']],
    [['-F']],
    [['-lF']],
    [['-n', 'alpha.txt']],
    [['-l', 'link']],
    [['link']],
    [['-C']],
    [['-C', 'sub', 'dir2']],
    [['-CF']],
    [['--frob']],
    [['-j']]
  ])('ls %j', async (args) => {
    expect(await ourLs(args)).toEqual(realLs(args))
  })
})

describe('ls helpers', () => {
  it('formats modes like GNU, with setuid, setgid and sticky bits', () => {
    expect(modeString(0o100644)).toBe('-rw-r--r--')
    expect(modeString(0o041777)).toBe('drwxrwxrwt')
    expect(modeString(0o104755)).toBe('-rwsr-xr-x')
    expect(modeString(0o102644)).toBe('-rw-r-Sr--')
    expect(modeString(0o120777)).toBe('lrwxrwxrwx')
    expect(modeString(0o020620)).toBe('crw--w----')
  })

  it('rounds human sizes up like GNU -h', () => {
    expect([0, 1023, 1024, 1025, 4096, 12288, 1_300_000, 10 * 1024 * 1024 - 1].map(humanSize)).toEqual(['0', '1023', '1.0K', '1.1K', '4.0K', '12K', '1.3M', '10M'])
  })
})
