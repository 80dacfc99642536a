import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { FolderLabCatalog, discoverPacks } from '../host/labs/catalog'
import { LabRunner } from '../host/labs/lab-runner'
import { PackError, readPackFolder, writePackZip } from '../host/labs/pack-files'
import { loadPackFromFiles, loadPackFromPath } from '../host/labs/pack-loader'
import { openVerifySession } from '../host/labs/verify-session'

export const LAB_HELP = `  lab list [--profile DIR]
                       the built-in lab packs and those installed in the profile
  lab verify PATH      checks a pack folder, a .pinlab file, or every pack in a folder of
                       packs: schema, check expressions, and a replay of every step's
                       solution on a fresh machine with its checks; exit status 0 when all pass
  lab pack DIR -o FILE writes the pack folder DIR as a .pinlab file (after validating it)`

/** Output of the lab commands, so tests can run them without a process. */
export interface LabCommandIo {
  out(text: string): void
  err(text: string): void
}

/** The `lab` CLI command. Returns the exit status; throws `usage(message)` for bad arguments. */
export async function runLabCommand(
  args: string[],
  context: { builtInLabs: string; profileDir: (explicit?: string) => string; usage: (message: string) => Error },
  io: LabCommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }
): Promise<number> {
  const [sub, ...rest] = args
  const parse = (options: NonNullable<Parameters<typeof parseArgs>[0]>['options'], positionals: number) => {
    let parsed
    try {
      parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true })
    } catch (error) {
      throw context.usage((error as Error).message)
    }
    if (parsed.positionals.length !== positionals) throw context.usage(`lab ${sub} takes ${positionals === 0 ? 'no path' : 'one path'}`)
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals }
  }
  switch (sub) {
    case 'list': {
      const { values } = parse({ profile: { type: 'string' } }, 0)
      const catalog = new FolderLabCatalog({ builtIn: [context.builtInLabs], installed: join(context.profileDir(values.profile as string | undefined), 'packs') })
      const packs = await catalog.list()
      for (const pack of packs) {
        io.out(`${pack.id} ${pack.version}${pack.builtIn ? ' (built-in)' : ''}: ${pack.title}\n`)
        for (const lab of pack.labs) io.out(`  ${pack.id}/${lab.id} [${lab.kernel}] ${lab.title}\n`)
      }
      if (packs.length === 0) io.out('No lab packs are installed.\n')
      for (const problem of catalog.problems) io.err(`pinlab: ${problem}\n`)
      return catalog.problems.length > 0 ? 1 : 0
    }
    case 'verify': {
      const { positionals } = parse({}, 1)
      const sources = await discoverPacks(positionals[0]!)
      if (sources.length === 0) {
        io.err(`pinlab: no lab pack at ${positionals[0]} (a pack folder has a pack.yaml; a pack file ends in .pinlab)\n`)
        return 1
      }
      let ok = true
      for (const source of sources) {
        let pack
        try {
          pack = await loadPackFromPath(source)
        } catch (error) {
          if (!(error instanceof PackError)) throw error
          ok = false
          io.out(`FAIL ${source}: the pack does not load\n`)
          for (const problem of error.problems) io.out(indent(problem) + '\n')
          continue
        }
        const packId = pack.pack.manifest.id
        const report = await new LabRunner().verify(pack, openVerifySession, (labId, step) => {
          io.out(`${step.ok ? 'ok  ' : 'FAIL'} ${packId}/${labId}/${step.stepId}\n`)
          for (const problem of step.problems) io.out(indent(problem) + '\n')
        })
        for (const lab of report.labs) {
          io.out(`${lab.ok ? 'ok  ' : 'FAIL'} lab ${packId}/${lab.labId} at ${lab.kernel}: ${lab.steps.filter((s) => s.ok).length}/${lab.steps.length} steps pass\n`)
        }
        ok &&= report.ok
      }
      return ok ? 0 : 1
    }
    case 'pack': {
      const { values, positionals } = parse({ output: { type: 'string', short: 'o' } }, 1)
      const output = values.output as string | undefined
      if (!output) throw context.usage('lab pack needs -o FILE')
      if (!output.endsWith('.pinlab')) throw context.usage('the pack file name ends in .pinlab')
      try {
        const files = await readPackFolder(positionals[0]!)
        const pack = loadPackFromFiles(files)
        const zip = writePackZip(files)
        await writeFile(output, zip)
        io.out(`Wrote ${output}: pack ${pack.pack.manifest.id} ${pack.pack.manifest.version}, ${pack.pack.labs.length} lab(s), ${files.size} files, ${zip.length} bytes.\n`)
        return 0
      } catch (error) {
        if (!(error instanceof PackError)) throw error
        io.err(`pinlab: ${positionals[0]} is not a valid pack:\n${error.problems.map(indent).join('\n')}\n`)
        return 1
      }
    }
    default:
      throw context.usage(sub === undefined ? 'lab needs a command: list, verify or pack' : `unknown lab command '${sub}'`)
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')
}
