import { z } from 'zod'
import { SUPPORTED_KERNELS } from '../kernel-versions'

/**
 * The lab-pack format, version 1 (issue 8): a pack is a manifest and labs; a lab is steps; a step
 * is setup, task, predict-first questions, checks, hints, a solution and an explanation.
 *
 * Two shapes share these schemas:
 * - the RESOLVED pack (`PackSchema`): every Markdown and file content inline — what the host keeps
 *   in memory, what the runner and the API read;
 * - the AUTHORED documents (`PackYamlSchema`, `LabYamlSchema`): `pack.yaml` and `labs/<id>/lab.yaml`,
 *   where Markdown and file contents may be references to files of the pack (`task: task.md`,
 *   `content: { file: cow.c }`); the host loader resolves them inside the pack and then validates
 *   the result with `PackSchema`.
 *
 * No Node, no DOM: the renderer's instructor mode may validate with the same schemas.
 */

export const PACK_FORMAT = 1

/** Ids of packs, labs, steps, questions and checks: lower-case words joined by `-`. */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an id is 1 to 63 lower-case letters, digits and "-", starting with a letter or digit')

const SemverSchema = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, 'a version is semver, like 1.2.0')

/**
 * A path on the simulated machine where setup or a solution writes a file: relative (to the
 * learner's home directory) or absolute, made of plain names — no `..`, no `.`, no empty parts.
 */
export const MachinePathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\/?[A-Za-z0-9_][A-Za-z0-9._+-]*(\/[A-Za-z0-9_][A-Za-z0-9._+-]*)*$/, 'a machine path is names of letters, digits, "._+-" joined by "/" (no "..")')

/** Upper bounds that keep one pack's in-memory size and the runner's work bounded. */
export const PACK_LIMITS = {
  labs: 64,
  stepsPerLab: 40,
  filesPerStep: 16,
  commandsPerStep: 32,
  commandLength: 2000,
  fileContent: 256 * 1024,
  markdown: 64 * 1024,
  questionsPerStep: 8,
  checksPerStep: 16,
  hintsPerStep: 10,
  expressionLength: 2000,
  textLine: 400
} as const

const Markdown = z.string().max(PACK_LIMITS.markdown)
const Line = z.string().min(1).max(PACK_LIMITS.textLine)
const Command = z.string().min(1).max(PACK_LIMITS.commandLength).refine((c) => !/[\r\n]/.test(c), 'a command is one line')

export const FileSchema = z
  .object({ path: MachinePathSchema, content: z.string().max(PACK_LIMITS.fileContent) })
  .strict()

export const FilesAndCommandsSchema = z
  .object({
    files: z.array(FileSchema).max(PACK_LIMITS.filesPerStep).default([]),
    commands: z.array(Command).max(PACK_LIMITS.commandsPerStep).default([])
  })
  .strict()

export const PredictQuestionSchema = z
  .object({
    id: IdSchema,
    prompt: Markdown.min(1),
    kind: z.enum(['choice', 'value']),
    choices: z.array(Line).min(2).max(8).optional(),
    /** The right choice (its text) or the expected value. */
    answer: Line,
    explanation: Markdown.min(1),
    /**
     * Optional check expression that states the predicted fact on the machine: `verify` evaluates
     * it after the step's solution ran, so the question's answer is tested against the simulator.
     */
    confirm: z.string().min(1).max(PACK_LIMITS.expressionLength).optional()
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.kind === 'choice') {
      if (!q.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice question needs choices' })
      else if (!q.choices.includes(q.answer)) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'the answer must be one of the choices' })
      else if (new Set(q.choices).size !== q.choices.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choices must differ' })
    } else if (q.choices) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a value question has no choices' })
    }
  })

export const CheckSchema = z
  .object({
    id: IdSchema,
    description: Line,
    /** An expression of the check language (shared/labpack/check) that must be true. */
    expr: z.string().min(1).max(PACK_LIMITS.expressionLength),
    failMessage: Line
  })
  .strict()

export const StepSchema = z
  .object({
    id: IdSchema,
    title: Line,
    setup: FilesAndCommandsSchema.default({ files: [], commands: [] }),
    task: Markdown.min(1),
    predict: z.array(PredictQuestionSchema).max(PACK_LIMITS.questionsPerStep).default([]),
    checks: z.array(CheckSchema).min(1).max(PACK_LIMITS.checksPerStep),
    hints: z.array(Markdown.min(1)).max(PACK_LIMITS.hintsPerStep).default([]),
    solution: FilesAndCommandsSchema,
    explanation: Markdown.min(1),
    /** The machine file the step works on, opened in the editor (one of the setup files so far). */
    editorFile: MachinePathSchema.optional()
  })
  .strict()

export const LabSchema = z
  .object({
    id: IdSchema,
    title: Line,
    kernel: z.enum(SUPPORTED_KERNELS),
    goals: z.array(Markdown.min(1)).min(1).max(12),
    /** Labs to do first, as `packId/labId` (or a lab id of the same pack). */
    prerequisites: z.array(z.string().regex(/^([a-z0-9][a-z0-9-]{0,62}\/)?[a-z0-9][a-z0-9-]{0,62}$/, 'a prerequisite is a lab id or packId/labId')).max(12).default([]),
    steps: z.array(StepSchema).min(1).max(PACK_LIMITS.stepsPerLab)
  })
  .strict()

export const ManifestSchema = z
  .object({
    id: IdSchema,
    title: Line,
    version: SemverSchema,
    author: Line,
    license: Line,
    /** The oldest PinLab release that runs this pack. */
    minPinlab: SemverSchema
  })
  .strict()

export const PackSchema = z
  .object({
    format: z.literal(PACK_FORMAT),
    manifest: ManifestSchema,
    labs: z.array(LabSchema).min(1).max(PACK_LIMITS.labs)
  })
  .strict()
  .superRefine((pack, ctx) => {
    const unique = (ids: string[], path: (string | number)[], what: string) => {
      const seen = new Set<string>()
      for (const id of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `${what} "${id}" appears twice` })
        seen.add(id)
      }
    }
    unique(pack.labs.map((l) => l.id), ['labs'], 'lab id')
    pack.labs.forEach((lab, li) => {
      unique(lab.steps.map((s) => s.id), ['labs', li, 'steps'], 'step id')
      lab.steps.forEach((step, si) => {
        unique(step.checks.map((c) => c.id), ['labs', li, 'steps', si, 'checks'], 'check id')
        unique(step.predict.map((q) => q.id), ['labs', li, 'steps', si, 'predict'], 'question id')
      })
      for (const pre of lab.prerequisites) {
        if (!pre.includes('/') && !pack.labs.some((l) => l.id === pre)) {
          ctx.addIssue({ code: 'custom', path: ['labs', li, 'prerequisites'], message: `prerequisite "${pre}" is not a lab of this pack` })
        }
      }
    })
  })

export type Pack = z.output<typeof PackSchema>
export type Manifest = z.output<typeof ManifestSchema>
export type Lab = z.output<typeof LabSchema>
export type Step = z.output<typeof StepSchema>
export type PredictQuestion = z.output<typeof PredictQuestionSchema>
export type Check = z.output<typeof CheckSchema>
export type PackFile = z.output<typeof FileSchema>

/* ------------------------------------------------------------------ authored documents */

/** A path inside the pack folder: relative, plain names, no `..`. */
export const PackRelativePathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._+-]*(\/[A-Za-z0-9_][A-Za-z0-9._+-]*)*$/, 'a pack path is relative, names joined by "/", without ".."')

/** A reference to a file of the pack, relative to the document that names it. */
export const FileRefSchema = z.object({ file: PackRelativePathSchema }).strict()

/**
 * `pack.yaml`: the format, the manifest and the ids of the labs, in order; each lab lives in
 * `labs/<id>/lab.yaml`.
 */
export const PackYamlSchema = z
  .object({
    format: z.number().int(),
    manifest: z.unknown(),
    labs: z.array(IdSchema).min(1).max(PACK_LIMITS.labs)
  })
  .strict()
