import { z } from 'zod'
import { SUPPORTED_KERNELS } from './kernel-versions'
import { SettingsPatchSchema } from './settings'
import { MAX_REQUEST_BYTES, MAX_TERMINAL_INPUT, type Method } from './protocol'
import { MAX_RUNS_LIMIT, MAX_VIEW_PIDS } from './view'
import { TIMELINE_CATEGORIES } from './timeline'
import { IdSchema as LabIdSchema, PACK_LIMITS } from './labpack/schema'

export * from './protocol'
/**
 * The one API between the renderer and the host.
 *
 * Every request is `{ id, method, params }` and gets exactly one reply, `{ id, ok: true, result }`
 * or `{ id, ok: false, error }`. The host validates `params` with the method's zod schema before
 * anything runs, so a malformed request is an error reply and never reaches a session. Events flow
 * the other way, unrequested: `{ event, payload }`.
 *
 * Three transports carry it: Electron IPC (`window.pinlab`, one channel per method), a WebSocket
 * (browser mode and the end-to-end tests) and direct calls (CLI, unit tests).
 */

const SessionId = z.string().regex(/^s[0-9]{1,9}$/, 'a session id looks like s1')
const KernelSchema = z.enum(SUPPORTED_KERNELS)
const Pid = z.number().int().min(1).max(4_194_304)
const UserAddress = z.number().int().min(0).max(2 ** 47)
/** History positions beyond any possible history are refused by the schema (the host bounds steps). */
const MAX_HISTORY_POSITION = 1_000_000
/** An editor save: at most this many UTF-16 units (the request itself is bounded too). */
const MAX_FILE_CONTENT = 200 * 1024
const FilePath = z
  .string()
  .min(1, 'a path is needed')
  .max(4096)
  .refine((path) => !path.includes('\0'), 'a path has no NUL character')

export const requestSchemas = {
  /**
   * Boots a fresh machine and opens its terminal. The banner and first prompt arrive as
   * `terminal.output` events after the reply, so the client knows the session id first.
   */
  'session.create': z
    .object({
      kernel: KernelSchema.optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      user: z.enum(['root', 'student']).optional(),
      cols: z.number().int().min(2).max(1000).optional(),
      rows: z.number().int().min(1).max(1000).optional(),
      /** Replays the saved free-play machine instead of booting a fresh one (its kernel, seed and user win). */
      restore: z.literal('freeplay').optional(),
      /** Auto-saves this session to the free-play slot after each step. */
      persist: z.boolean().optional()
    })
    .strict(),
  'session.close': z.object({ sessionId: SessionId }).strict(),
  /** Keystrokes and pastes, exactly as xterm.js produced them. */
  'terminal.input': z.object({ sessionId: SessionId, data: z.string().max(MAX_TERMINAL_INPUT) }).strict(),
  'terminal.resize': z
    .object({ sessionId: SessionId, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(1000) })
    .strict(),
  'labs.list': z.object({}).strict(),
  'settings.get': z.object({}).strict(),
  'settings.set': z.object({ patch: SettingsPatchSchema }).strict(),
  /**
   * The memory picture of a session's machine now (shared/view.ts). `pids` limits the processes,
   * `maxRuns` the size of the answer (the view says `truncated` when it hit it), `expand` asks for
   * per-page detail of one range of one process.
   */
  'view.memory': z
    .object({
      sessionId: SessionId,
      pids: z.array(Pid).max(MAX_VIEW_PIDS).optional(),
      maxRuns: z.number().int().min(1).max(MAX_RUNS_LIMIT).optional(),
      expand: z
        .object({ pid: Pid, start: UserAddress, end: UserAddress })
        .strict()
        .refine((r) => r.end > r.start, 'end must be above start')
        .optional()
    })
    .strict(),
  /** Opens an https link from the allow-list in the system browser (Electron only). */
  'shell.openExternal': z.object({ url: z.string().max(2048) }).strict(),
  /** The learner's progress through the labs (shared/progress.ts). */
  'progress.get': z.object({}).strict(),
  /**
   * Replaces the given fields of one lab's progress; the host stamps `updatedAt` and checks the
   * whole document (ids, sizes) before it writes.
   */
  'progress.update': z
    .object({
      labKey: z.string().max(129),
      patch: z
        .object({
          completedSteps: z.array(z.string().max(64)).max(200).optional(),
          answers: z.record(z.string().max(129), z.string().max(2000)).optional(),
          hintsShown: z.record(z.string().max(64), z.number().int().min(0).max(100)).optional(),
          solutionShown: z.array(z.string().max(64)).max(200).optional(),
          completed: z.boolean().optional(),
          updatedAt: z.string().max(64).optional()
        })
        .strict()
    })
    .strict(),
  /** The progress as a file to download, `pinlab-progress-YYYY-MM-DD.json`. */
  'progress.export': z.object({}).strict(),
  /** Replaces the progress with an exported file's text; a bad file is refused and nothing changes. */
  'progress.import': z.object({ content: z.string() }).strict(),
  /** Saves the session's machine (its recorded steps) to the free-play slot. */
  'machine.save': z.object({ sessionId: SessionId }).strict(),
  /** What the free-play slot holds. */
  'machine.saved': z.object({}).strict(),
  /** Problems met in the learner's profile (a damaged file set aside, a failed save), as sentences. */
  'profile.problems': z.object({}).strict(),
  /**
   * The session's event timeline (shared/timeline.ts), oldest first: the events matching every
   * given filter after `afterId`; when more match than `limit`, the newest `limit` of them.
   */
  'trace.events': z
    .object({
      sessionId: SessionId,
      categories: z.array(z.enum(TIMELINE_CATEGORIES)).max(TIMELINE_CATEGORIES.length).optional(),
      step: z.number().int().min(-1).max(1_000_000).optional(),
      afterId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      limit: z.number().int().min(1).max(1000).optional()
    })
    .strict(),
  /** Compiles `source` as the C file `path` (as the session's user, in its cwd) without running it. */
  'cc.check': z
    .object({
      sessionId: SessionId,
      path: z
        .string()
        .min(1)
        .max(4096)
        .refine((p) => !p.includes('\0'), 'a path has no NUL character')
        .refine((p) => !p.endsWith('/'), 'a path names a file, not a directory'),
      source: z.string().max(MAX_REQUEST_BYTES)
    })
    .strict(),
  /** A lab as the learner sees it (shared/lab-view.ts): no answers, hints or solutions. */
  'labs.get': z.object({ packId: LabIdSchema, labId: LabIdSchema }).strict(),
  /**
   * Reboots the session's machine at the lab's kernel (or `kernel`) and runs the setup of steps
   * 0..step, hidden, so the learner starts at `step`.
   */
  'labs.start': z
    .object({
      sessionId: SessionId,
      packId: LabIdSchema,
      labId: LabIdSchema,
      step: z.number().int().min(0).max(PACK_LIMITS.stepsPerLab - 1),
      kernel: KernelSchema.optional()
    })
    .strict(),
  'labs.answer': z
    .object({ packId: LabIdSchema, labId: LabIdSchema, stepId: LabIdSchema, questionId: LabIdSchema, answer: z.string().max(PACK_LIMITS.textLine) })
    .strict(),
  /** Evaluates the step's checks on the session's machine now. */
  'labs.check': z.object({ sessionId: SessionId, packId: LabIdSchema, labId: LabIdSchema, stepId: LabIdSchema }).strict(),
  'labs.hint': z
    .object({ packId: LabIdSchema, labId: LabIdSchema, stepId: LabIdSchema, index: z.number().int().min(0).max(PACK_LIMITS.hintsPerStep - 1) })
    .strict(),
  'labs.solution': z.object({ packId: LabIdSchema, labId: LabIdSchema, stepId: LabIdSchema }).strict(),
  /**
   * Leaves the lab for free play: a session that keeps a free-play machine (created with
   * `persist`) gets it back — the saved record replayed, or a fresh machine when none is saved —
   * and saving resumes; any other session keeps its machine as it is.
   */
  'labs.leave': z.object({ sessionId: SessionId }).strict(),
  /** Time travel (shared/history.ts): the session's recorded steps and position. */
  'history.get': z.object({ sessionId: SessionId }).strict(),
  /** Restores the machine one step back (never before a lab's fence step). */
  'history.undo': z.object({ sessionId: SessionId }).strict(),
  'history.redo': z.object({ sessionId: SessionId }).strict(),
  /** Restores the machine as it was after `position` steps (0 … steps.length). */
  'history.goto': z.object({ sessionId: SessionId, position: z.number().int().min(0).max(MAX_HISTORY_POSITION) }).strict(),
  /** Discards the redo future, so typing may start a new branch (the renderer asks first). */
  'history.branch': z.object({ sessionId: SessionId }).strict(),
  /** Saves a file as the session's user (editor save); recorded as a write-file step. */
  'fs.writeFile': z.object({ sessionId: SessionId, path: FilePath, content: z.string().max(MAX_FILE_CONTENT) }).strict(),
  'fs.readFile': z.object({ sessionId: SessionId, path: FilePath }).strict(),
  /**
   * A NEW session (same connection) that reruns the session's steps 0 … position-1 (default: its
   * position) on a fresh machine at `kernel`; its terminal shows that run's real output.
   */
  'session.compare': z
    .object({ sessionId: SessionId, kernel: KernelSchema, position: z.number().int().min(0).max(MAX_HISTORY_POSITION).optional() })
    .strict()
} as const

export type RequestSchemas = typeof requestSchemas
export const METHODS = Object.keys(requestSchemas) as Method[]

/** The envelope every transport carries, checked before the method's own schema. */
export const RequestEnvelopeSchema = z
  .object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), method: z.string().max(64), params: z.unknown().optional() })
  .strict()

