import type { z } from 'zod'
import { CheckSyntaxError, compileCheck, type CompiledCheck } from './check'
import { migratePackDocument } from './migrate'
import { PackSchema, type Pack } from './schema'
import { PINLAB_VERSION, compareSemver } from './version'

/** A pack that passed the schema and whose every check expression type-checks. */
export interface ValidatedPack {
  pack: Pack
  /** Compiled checks by `labId/stepId/checkId`, and predict confirmations by `labId/stepId/?questionId`. */
  checks: ReadonlyMap<string, CompiledCheck>
}

export type PackValidation = { ok: true; value: ValidatedPack } | { ok: false; errors: string[] }

/** Most problems reported for one pack (the rest are counted). */
const MAX_REPORTED = 20

/**
 * Validates a resolved pack document: migrates it to the current format, checks it against
 * `PackSchema`, then compiles every check expression. Every problem is a sentence that names
 * where it is (`lab "x", step "y", check "z"`) and, for expressions, the line:column and a caret.
 */
export function validatePackDocument(doc: unknown): PackValidation {
  const migrated = migratePackDocument(doc)
  if (!migrated.ok) return { ok: false, errors: [migrated.message] }
  const parsed = PackSchema.safeParse(migrated.doc)
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error, migrated.doc) }
  const pack = parsed.data
  if (compareSemver(pack.manifest.minPinlab, PINLAB_VERSION) > 0) {
    return { ok: false, errors: [`The pack needs PinLab ${pack.manifest.minPinlab} or newer; this is PinLab ${PINLAB_VERSION}.`] }
  }
  const errors: string[] = []
  const checks = new Map<string, CompiledCheck>()
  for (const lab of pack.labs) {
    for (const step of lab.steps) {
      const where = `pack "${pack.manifest.id}", lab "${lab.id}", step "${step.id}"`
      const compile = (key: string, what: string, source: string) => {
        try {
          checks.set(key, compileCheck(source))
        } catch (error) {
          if (!(error instanceof CheckSyntaxError)) throw error
          errors.push(`${where}, ${what}: ${error.message}`)
        }
      }
      for (const check of step.checks) compile(`${lab.id}/${step.id}/${check.id}`, `check "${check.id}"`, check.expr)
      for (const q of step.predict) if (q.confirm) compile(`${lab.id}/${step.id}/?${q.id}`, `question "${q.id}" (confirm)`, q.confirm)
      if (step.editorFile) {
        const index = lab.steps.indexOf(step)
        const placed = lab.steps.slice(0, index + 1).some((s) => s.setup.files.some((f) => f.path === step.editorFile))
        if (!placed) errors.push(`${where}: editorFile "${step.editorFile}" is not a setup file of this step or an earlier one.`)
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors: cap(errors) }
  return { ok: true, value: { pack, checks } }
}

/** zod issues as sentences naming the lab and step by id where the path goes through them. */
export function describeIssues(error: z.ZodError, doc: unknown): string[] {
  return cap(
    error.issues.map((issue) => {
      const names: string[] = []
      const kinds: Record<string, string> = { labs: 'lab', steps: 'step', checks: 'check', predict: 'question' }
      let node: unknown = doc
      let parentKey: PropertyKey | undefined
      for (const key of issue.path) {
        const child: unknown = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined
        const id = child !== null && typeof child === 'object' ? (child as { id?: unknown }).id : undefined
        if (typeof key === 'number' && typeof id === 'string') {
          if (names.length > 0 && names[names.length - 1] === String(parentKey)) names.pop()
          names.push(`${kinds[String(parentKey)] ?? 'item'} "${id}"`)
        } else {
          names.push(String(key))
        }
        parentKey = key
        node = child
      }
      return `${names.length ? names.join(' › ') : 'the pack'}: ${issue.message}.`
    })
  )
}

function cap(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED) return errors
  return [...errors.slice(0, MAX_REPORTED), `…and ${errors.length - MAX_REPORTED} more problems.`]
}
