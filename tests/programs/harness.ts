import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KernelVersion } from '../../shared/kernel-versions'
import { runCProgram } from '../../electron/host/run-program'

export const haveGcc = existsSync('/usr/bin/gcc')

export interface ProgramCase {
  name: string
  file: string
  expected: string
  status: number
  /** Expected output at other kernel versions, where the reference says it differs. */
  perVersion: Array<{ kernel: KernelVersion; expected: string; status: number }>
}

/** The programs of a folder: NAME.c with NAME.expected, NAME.status and NAME.<version>.expected. */
export function programCases(dir: string): ProgramCase[] {
  const files = readdirSync(dir)
  return files
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -2)
      const read = (suffix: string) => (existsSync(join(dir, name + suffix)) ? readFileSync(join(dir, name + suffix), 'latin1') : null)
      const perVersion = files
        .map((f) => new RegExp(`^${name}\\.(\\d+\\.\\d+)\\.expected$`).exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({
          kernel: m[1] as KernelVersion,
          expected: readFileSync(join(dir, m[0]), 'latin1'),
          status: Number(read(`.${m[1]}.status`)?.trim() ?? read('.status')?.trim() ?? 0)
        }))
      return { name, file: join(dir, file), expected: read('.expected') ?? '', status: Number(read('.status')?.trim() ?? 0), perVersion }
    })
}

/** Runs a program in PinLab as `pinlab run` does: stdout captured, stdin at end of file. */
export async function runInPinlab(file: string, kernel: KernelVersion = '6.18'): Promise<{ stdout: string; stderr: string; status: number }> {
  let stdout = ''
  let stderr = ''
  const dec = new TextDecoder('latin1')
  const status = await runCProgram({
    file,
    kernel,
    onStdout: (d) => (stdout += dec.decode(d)),
    onStderr: (d) => (stderr += dec.decode(d))
  })
  return { stdout, stderr, status }
}

const nativeDir = haveGcc ? mkdtempSync(join(tmpdir(), 'pinlab-native-')) : ''

/** Compiles and runs a program natively on this machine (gcc -O0), in a fresh working folder. */
export function runNative(file: string, name: string): { stdout: string; status: number } {
  const exe = join(nativeDir, name)
  // a program links what it includes, as it would natively: liburing.h → -luring,
  // infiniband/verbs.h → rdma-core's libibverbs
  const src = readFileSync(file, 'latin1')
  const libs = [...(/#\s*include\s*<liburing\.h>/.test(src) ? ['-luring'] : []), ...(src.includes('infiniband/verbs.h') ? ['-libverbs'] : [])]
  execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', exe, file, ...libs])
  const cwd = mkdtempSync(join(tmpdir(), `pinlab-run-${name}-`))
  const r = spawnSync(exe, [], { cwd, encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 })
  const signals: Record<string, number> = { SIGABRT: 6, SIGSEGV: 11, SIGFPE: 8, SIGBUS: 7, SIGKILL: 9, SIGTERM: 15 }
  return { stdout: r.stdout, status: r.status ?? 128 + (signals[r.signal ?? ''] ?? 0) }
}
