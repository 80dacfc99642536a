import { readFile, stat } from 'node:fs/promises'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import { PackYamlSchema, describeIssues, migratePackDocument, validatePackDocument, type ValidatedPack } from '../../../shared/labpack'
import { PACK_FILE_LIMITS, PackError, packPathProblem, readPackFolder, readPackZip, type PackFiles } from './pack-files'

/**
 * The authored pack (pack.yaml + labs/<id>/lab.yaml + Markdown and C files) turned into a
 * validated, resolved pack. References are resolved relative to the document that names them and
 * must stay inside the pack: an authored Markdown field is inline Markdown, `{ file: x.md }`, or
 * the shorthand `x.md` (one word ending in .md, always taken as a reference); a file's content is inline or `{ file: x.c }`.
 */

/** Loads a pack from a folder or a `.pinlab` file. Throws PackError with every problem found. */
export async function loadPackFromPath(path: string): Promise<ValidatedPack> {
  const st = await stat(path).catch(() => null)
  if (!st) throw new PackError([`There is no pack at ${path}.`])
  if (st.isDirectory()) return loadPackFromFiles(await readPackFolder(path))
  if (st.size > PACK_FILE_LIMITS.archiveBytes) throw new PackError([`The pack file is larger than ${PACK_FILE_LIMITS.archiveBytes} bytes.`])
  return loadPackFromFiles(readPackZip(new Uint8Array(await readFile(path))))
}

/** Resolves and validates pack files (from a folder or a zip). Throws PackError. */
export function loadPackFromFiles(files: PackFiles): ValidatedPack {
  const packYaml = readYaml(files, 'pack.yaml')
  const migrated = migratePackDocument(packYaml)
  if (!migrated.ok) throw new PackError([`pack.yaml: ${migrated.message}`])
  const head = PackYamlSchema.safeParse(migrated.doc)
  if (!head.success) throw new PackError(describeIssues(head.error, migrated.doc).map((m) => `pack.yaml: ${m}`))
  const problems: string[] = []
  const labs: unknown[] = []
  for (const labId of head.data.labs) {
    const base = `labs/${labId}`
    const docPath = `${base}/lab.yaml`
    if (!files.has(docPath)) {
      problems.push(`pack.yaml lists the lab "${labId}", but the pack has no ${docPath}.`)
      continue
    }
    try {
      const doc = readYaml(files, docPath)
      if (!isRecord(doc)) throw new PackError([`${docPath}: expected a mapping of fields (id, title, kernel, goals, steps).`])
      if (doc.id !== undefined && doc.id !== labId) problems.push(`${docPath}: its id "${String(doc.id)}" differs from its folder name "${labId}".`)
      labs.push(resolveLab({ ...doc, id: labId }, base, files, docPath))
    } catch (error) {
      if (!(error instanceof PackError)) throw error
      problems.push(...error.problems)
    }
  }
  if (problems.length > 0) throw new PackError(problems)
  const result = validatePackDocument({ format: migrated.doc.format, manifest: head.data.manifest, labs })
  if (!result.ok) throw new PackError(result.errors)
  return result.value
}

function readText(files: PackFiles, path: string, from: string): string {
  const data = files.get(path)
  if (!data) throw new PackError([`${from}: refers to ${path}, which is not in the pack.`])
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    throw new PackError([`${path} is not UTF-8 text.`])
  }
}

function readYaml(files: PackFiles, path: string): unknown {
  const text = readText(files, path, 'the pack')
  try {
    // Few aliases: a YAML alias bomb ("billion laughs") is refused instead of expanded.
    return parseYaml(text, { maxAliasCount: 50, prettyErrors: true, uniqueKeys: true })
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0]
      throw new PackError([`${path}:${line}:${col}: ${error.message.split('\n')[0]}`])
    }
    throw new PackError([`${path}: ${(error as Error).message}`])
  }
}

/** Resolves a path written in a document of folder `base` to a pack path, refusing escapes. */
function packPath(base: string, ref: string, from: string): string {
  const joined = `${base}/${ref}`
  const problem = packPathProblem(joined)
  if (problem || ref.startsWith('/')) throw new PackError([`${from}: the file reference ${JSON.stringify(ref)} is refused (${problem ?? 'absolute path'}); references stay inside the pack.`])
  return joined
}

const MARKDOWN_SHORTHAND = /^\S+\.md$/

function resolveMarkdown(value: unknown, base: string, files: PackFiles, from: string): unknown {
  if (typeof value === 'string' && MARKDOWN_SHORTHAND.test(value)) return readText(files, packPath(base, value, from), from)
  if (isRecord(value) && Object.keys(value).length === 1 && typeof value.file === 'string') return readText(files, packPath(base, value.file, from), from)
  return value
}

function resolveFiles(value: unknown, base: string, files: PackFiles, from: string): unknown {
  if (!isRecord(value) || !Array.isArray(value.files)) return value
  return {
    ...value,
    files: value.files.map((f: unknown) => {
      if (!isRecord(f) || !isRecord(f.content)) return f
      const content = f.content
      if (Object.keys(content).length !== 1 || typeof content.file !== 'string') return f
      return { ...f, content: readText(files, packPath(base, content.file, from), from) }
    })
  }
}

/** Replaces file references of one authored lab by their contents; schema checks come after. */
function resolveLab(doc: Record<string, unknown>, base: string, files: PackFiles, docPath: string): unknown {
  const md = (v: unknown) => resolveMarkdown(v, base, files, docPath)
  const lab: Record<string, unknown> = { ...doc }
  if (Array.isArray(lab.goals)) lab.goals = lab.goals.map(md)
  if (Array.isArray(lab.steps)) {
    lab.steps = lab.steps.map((s: unknown) => {
      if (!isRecord(s)) return s
      const step: Record<string, unknown> = { ...s, task: md(s.task), explanation: md(s.explanation) }
      if (Array.isArray(s.hints)) step.hints = s.hints.map(md)
      if (Array.isArray(s.predict)) {
        step.predict = s.predict.map((q: unknown) => (isRecord(q) ? { ...q, prompt: md(q.prompt), explanation: md(q.explanation) } : q))
      }
      step.setup = resolveFiles(s.setup, base, files, docPath)
      step.solution = resolveFiles(s.solution, base, files, docPath)
      return step
    })
  }
  return lab
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
