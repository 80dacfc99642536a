import { parseArgs } from 'node:util'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SUPPORTED_KERNELS, isKernelVersion, type KernelVersion } from '../../shared/kernel-versions'
import { runCProgram } from '../host/run-program'
import { connectDirect, type SessionHost } from '../host/session-host'
import { createProfileHost } from './profile-host'
import { LAB_HELP, runLabCommand } from './lab-command'
import { startWebServer } from '../web/server'
import { profileDir } from './profile'
import { formatBench, runBench } from './bench/bench'

const HELP = `Usage: npm run -s pinlab -- <command> [options]

Commands:
  shell [--kernel V] [--seed N] [--user root|student]
                       the simulated shell on this terminal (Ctrl-D or 'exit' leaves)
  run [--kernel V] [--seed N] [--user root|student] FILE.c|FILE.sh [ARGS…]
                       boots a fresh machine, compiles FILE.c there (quoted includes are
                       read next to it) or runs FILE.sh in the shell, in the user's home
                       directory; prints its stdout and stderr and exits with its status
  bench [--json] [--kernel V] [--pages N]
                       measures the kernel, the C runtime and the views on a 1 GiB region
                       (262,144 pages), against this machine's Linux where gcc can build the
                       comparison; exits 1 when a target is missed
  serve [--port N] [--profile DIR]
                       browser mode: serves the built renderer and the API on 127.0.0.1
                       and prints the URL (with its access token) to open
${LAB_HELP}
  --help               this help

Kernel versions: ${SUPPORTED_KERNELS.join(', ')} (default 6.18).`

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Exit statuses as a shell reports them: 2 for a usage error. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n')
    return command === undefined ? 2 : 0
  }
  switch (command) {
    case 'shell':
      return runShell(rest)
    case 'serve':
      return runServe(rest)
    case 'run':
      return runFile(rest)
    case 'bench':
      return runBenchCommand(rest)
    case 'lab':
      return runLabCommand(rest, { builtInLabs: join(REPO_ROOT, 'labs'), profileDir, usage: (message) => new UsageError(message) })
    default:
      throw new UsageError(`unknown command '${command}'`)
  }
}

function parse(args: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function makeHost(profile?: string): SessionHost {
  return createProfileHost(profileDir(profile), join(REPO_ROOT, 'labs'), (line) => process.stderr.write(line + '\n'))
}

async function runShell(args: string[]): Promise<number> {
  const { values } = parse(args, {
    kernel: { type: 'string' },
    seed: { type: 'string' },
    user: { type: 'string' },
    profile: { type: 'string' }
  })
  const kernel = values.kernel as string | undefined
  if (kernel !== undefined && !isKernelVersion(kernel)) {
    throw new UsageError(`unsupported kernel '${kernel}' (choose one of ${SUPPORTED_KERNELS.join(', ')})`)
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)) {
    throw new UsageError(`--seed takes a whole number from 0 to ${2 ** 31 - 1}`)
  }
  const user = values.user as string | undefined
  if (user !== undefined && user !== 'root' && user !== 'student') throw new UsageError(`--user is root or student`)

  const { api, connection } = connectDirect(makeHost(values.profile as string | undefined))
  const stdin = process.stdin
  const cols = process.stdout.columns ?? 80
  const rows = process.stdout.rows ?? 24

  return new Promise<number>((resolve, reject) => {
    let sessionId = ''
    const finish = (status: number) => {
      if (stdin.isTTY) stdin.setRawMode(false)
      stdin.pause()
      connection.dispose()
      resolve(status)
    }
    api.onEvent((event) => {
      if (event.event === 'terminal.output' && event.payload.sessionId === sessionId) process.stdout.write(event.payload.data)
      if (event.event === 'session.exited' && event.payload.sessionId === sessionId) finish(event.payload.status)
    })
    api
      .request('session.create', { kernel, seed, user: user as 'root' | 'student' | undefined, cols, rows })
      .then((info) => {
        sessionId = info.sessionId
        if (stdin.isTTY) stdin.setRawMode(true)
        stdin.setEncoding('utf8')
        stdin.on('data', (data: string) => {
          void api.request('terminal.input', { sessionId, data }).catch((error: Error) => {
            process.stderr.write(`pinlab: ${error.message}\n`)
          })
        })
        // End of input is Ctrl-D: the shell logs out at its next prompt, after what was typed ran.
        stdin.on('end', () => {
          void api.request('terminal.input', { sessionId, data: '\x04' }).catch(() => finish(0))
        })
        process.stdout.on('resize', () => {
          void api.request('terminal.resize', { sessionId, cols: process.stdout.columns, rows: process.stdout.rows })
        })
      }, reject)
  })
}

/** `run`: options first, then FILE; everything after FILE belongs to the program. */
async function runFile(args: string[]): Promise<number> {
  let kernel: string | undefined
  let seed: number | undefined
  let user: string | undefined
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]!
    const value = (): string => {
      const v = args[++i]
      if (v === undefined) throw new UsageError(`${arg} needs a value`)
      return v
    }
    if (arg === '--kernel') kernel = value()
    else if (arg === '--seed') seed = Number(value())
    else if (arg === '--user') user = value()
    else if (arg === '--') {
      i++
      break
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg} for run`)
    else break
  }
  const file = args[i]
  if (file === undefined) throw new UsageError('run needs a FILE (a .c program)')
  if (kernel !== undefined && !isKernelVersion(kernel)) {
    throw new UsageError(`unsupported kernel '${kernel}' (choose one of ${SUPPORTED_KERNELS.join(', ')})`)
  }
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)) {
    throw new UsageError(`--seed takes a whole number from 0 to ${2 ** 31 - 1}`)
  }
  if (user !== undefined && user !== 'root' && user !== 'student') throw new UsageError('--user is root or student')
  if (!existsSync(file)) {
    process.stderr.write(`pinlab: ${file}: No such file or directory\n`)
    return 127
  }
  if (!file.endsWith('.c') && !file.endsWith('.sh')) throw new UsageError(`run takes a .c program or a .sh script: ${file}`)
  const stdin = process.stdin.isTTY ? undefined : await readAll(process.stdin)
  return runCProgram({
    kernel: kernel as KernelVersion | undefined,
    seed,
    user: user as 'root' | 'student' | undefined,
    file: resolve(file),
    args: args.slice(i + 1),
    stdin,
    onStdout: (d) => process.stdout.write(d),
    onStderr: (d) => process.stderr.write(d)
  })
}

async function runBenchCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' }, kernel: { type: 'string' }, pages: { type: 'string' } })
  const kernel = values.kernel as string | undefined
  if (kernel !== undefined && !isKernelVersion(kernel)) {
    throw new UsageError(`unsupported kernel '${kernel}' (choose one of ${SUPPORTED_KERNELS.join(', ')})`)
  }
  const pages = values.pages === undefined ? undefined : Number(values.pages)
  if (pages !== undefined && (!Number.isInteger(pages) || pages < 1 || pages > 262_144)) throw new UsageError('--pages takes a number from 1 to 262144')
  const report = await runBench({ repoRoot: REPO_ROOT, kernel: kernel as KernelVersion | undefined, pages })
  process.stdout.write((values.json ? JSON.stringify(report) : formatBench(report)) + '\n')
  return report.pass ? 0 : 1
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return new Uint8Array(Buffer.concat(chunks))
}

async function runServe(args: string[]): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, profile: { type: 'string' } })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a number from 0 to 65535')
  const rendererDir = join(REPO_ROOT, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write('pinlab: the renderer is not built yet; run `npm run build` (or use `npm run serve`).\n')
    return 1
  }
  const server = await startWebServer({
    host: makeHost(values.profile as string | undefined),
    rendererDir,
    port,
    log: (message) => process.stderr.write(message + '\n')
  })
  process.stdout.write(`PinLab browser mode is serving on 127.0.0.1 only.\nOpen: ${server.url}\nPress Ctrl-C to stop.\n`)
  return new Promise<number>((resolve) => {
    const stop = () => {
      void server.close().then(() => resolve(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`pinlab: ${error.message}\nTry 'npm run -s pinlab -- --help'.\n`)
      process.exit(2)
    }
    process.stderr.write(`pinlab: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
