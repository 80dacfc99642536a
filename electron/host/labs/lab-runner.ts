import type { KernelVersion } from '../../../shared/kernel-versions'
import type { Lab, Pack, PredictQuestion, Step, ValidatedPack } from '../../../shared/labpack'
import type { LabView, PredictAnswerResult, StepCheckResult, StepHint, StepSolution } from '../../../shared/lab-view'
import { evaluateCheck } from './check-eval'
import type { LabSessionPort } from './session-port'
import { StepTraceCounter } from './step-trace'

/** A lab-runner refusal (unknown lab or step, a setup that failed): a sentence for the learner or author. */
export class LabRunnerError extends Error {
  constructor(message: string, readonly kind: 'not-found' | 'setup-failed' | 'bad-request') {
    super(message)
    this.name = 'LabRunnerError'
  }
}

/** Where a lab and one of its steps are found. */
export interface LabRef {
  pack: ValidatedPack
  lab: Lab
}

/** The learner's side of a lab, built from the pack (answers, hints and solutions stay out). */
export function labView(pack: Pack, lab: Lab): LabView {
  return {
    packId: pack.manifest.id,
    id: lab.id,
    title: lab.title,
    kernel: lab.kernel,
    goals: [...lab.goals],
    prerequisites: lab.prerequisites.map((p) => (p.includes('/') ? p : `${pack.manifest.id}/${p}`)),
    steps: lab.steps.map((step, i) => {
      const editorPath = step.editorFile
      let editorFile: { path: string; content: string } | undefined
      if (editorPath) {
        for (const s of lab.steps.slice(0, i + 1)) for (const f of s.setup.files) if (f.path === editorPath) editorFile = { path: f.path, content: f.content }
      }
      return {
        id: step.id,
        title: step.title,
        task: step.task,
        predict: step.predict.map((q) => ({ id: q.id, prompt: q.prompt, kind: q.kind, ...(q.choices ? { choices: [...q.choices] } : {}) })),
        hintCount: step.hints.length,
        hasSolution: step.solution.files.length + step.solution.commands.length > 0,
        ...(editorFile ? { editorFile } : {})
      }
    })
  }
}

export function findStep(lab: Lab, stepId: string): { step: Step; index: number } {
  const index = lab.steps.findIndex((s) => s.id === stepId)
  if (index < 0) throw new LabRunnerError(`Lab "${lab.id}" has no step "${stepId}".`, 'not-found')
  return { step: lab.steps[index]!, index }
}

/**
 * Whether `given` answers question `q`: a choice must be the right choice's text (spaces around
 * ignored); a value is compared without case and extra spaces, numerically when both sides are
 * numbers (decimal or 0x hex).
 */
export function answerMatches(q: PredictQuestion, given: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ')
  if (q.kind === 'choice') return norm(given) === norm(q.answer)
  const a = norm(given).toLowerCase()
  const b = norm(q.answer).toLowerCase()
  const num = (s: string) => (/^-?(0x[0-9a-f]+|[0-9]+)$/.test(s) ? (s.startsWith('-') ? -Number(s.slice(1)) : Number(s)) : null)
  const na = num(a)
  const nb = num(b)
  if (na !== null && nb !== null) return na === nb
  return a === b
}

/** One step's outcome in `verify`. */
export interface StepVerification {
  stepId: string
  ok: boolean
  problems: string[]
}

export interface LabVerification {
  labId: string
  kernel: KernelVersion
  ok: boolean
  steps: StepVerification[]
}

export interface PackVerification {
  packId: string
  ok: boolean
  labs: LabVerification[]
}

/**
 * The lab lifecycle on a session (Instruqt's setup / check / solve): `start` puts a fresh machine
 * in the state of a step, `check` evaluates the step's checks, `answer`/`hint`/`solution` give
 * out what the pack holds, `verify` replays every step's solution on a fresh machine and runs its
 * checks — the proof that a pack's text matches what the simulator does.
 *
 * Per session it keeps one trace counter: `trace_count` counts events since the step started
 * (`start`) or since the previous step passed its checks.
 */
export class LabRunner {
  private readonly _traces = new WeakMap<LabSessionPort, StepTraceCounter>()

  /**
   * Reboots the session's machine at the lab's kernel (or `kernel`), then runs the setup of steps
   * 0..stepIndex: their files are written and their commands run hidden, each step's setup a
   * fenced hidden step. Fails with the command's output when a setup command fails.
   */
  async start(port: LabSessionPort, ref: LabRef, stepIndex: number, kernel?: KernelVersion): Promise<{ lab: LabView; step: number }> {
    const { pack, lab } = ref
    if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= lab.steps.length) {
      throw new LabRunnerError(`Lab "${lab.id}" has steps 0 to ${lab.steps.length - 1}; there is no step ${stepIndex}.`, 'not-found')
    }
    await port.reboot(kernel ?? lab.kernel)
    for (const step of lab.steps.slice(0, stepIndex + 1)) {
      // Setup is fenced: undo never goes back into it.
      const fence = true
      for (const file of step.setup.files) await port.writeFile(file.path, file.content, { fence })
      for (const command of step.setup.commands) {
        const r = await port.runHidden(command, { fence })
        if (r.exitStatus !== 0) {
          throw new LabRunnerError(
            `The setup of step "${step.id}" failed: \`${command}\` exited with status ${r.exitStatus}${r.output ? `:\n${r.output.slice(-2000)}` : '.'}`,
            'setup-failed'
          )
        }
      }
    }
    this._trace(port).mark(port.machine)
    return { lab: labView(pack.pack, lab), step: stepIndex }
  }

  /** Evaluates a step's checks on the session's machine now. */
  check(port: LabSessionPort, ref: LabRef, stepId: string): StepCheckResult {
    const { step } = findStep(ref.lab, stepId)
    const machine = port.machine
    if (!machine) throw new LabRunnerError('The session has not booted its machine yet; try again after its first prompt.', 'bad-request')
    const trace = this._trace(port)
    const ctx = { machine, user: port.user, lastCommand: port.lastCommand(), traceCount: (type: string) => trace.count(machine, type) }
    const results = step.checks.map((c) => {
      const compiled = ref.pack.checks.get(`${ref.lab.id}/${step.id}/${c.id}`)
      if (!compiled) throw new LabRunnerError(`Check "${c.id}" of step "${step.id}" was not compiled.`, 'not-found')
      const outcome = evaluateCheck(compiled, ctx)
      const passed = outcome.ok && outcome.value
      const message = passed ? '' : outcome.ok ? c.failMessage : `${c.failMessage} (${outcome.error})`
      return { id: c.id, description: c.description, passed, message }
    })
    const passed = results.every((r) => r.passed)
    if (passed) trace.mark(machine)
    return { passed, results, explanation: passed ? step.explanation : null }
  }

  answer(ref: LabRef, stepId: string, questionId: string, given: string): PredictAnswerResult {
    const { step } = findStep(ref.lab, stepId)
    const q = step.predict.find((x) => x.id === questionId)
    if (!q) throw new LabRunnerError(`Step "${stepId}" has no question "${questionId}".`, 'not-found')
    return { correct: answerMatches(q, given), explanation: q.explanation, expected: q.answer }
  }

  hint(ref: LabRef, stepId: string, index: number): StepHint {
    const { step } = findStep(ref.lab, stepId)
    const text = step.hints[index]
    if (text === undefined) {
      throw new LabRunnerError(
        step.hints.length === 0 ? `Step "${stepId}" has no hints.` : `Step "${stepId}" has hints 0 to ${step.hints.length - 1}; there is no hint ${index}.`,
        'not-found'
      )
    }
    return { index, count: step.hints.length, text }
  }

  solution(ref: LabRef, stepId: string): StepSolution {
    const { step } = findStep(ref.lab, stepId)
    return { commands: [...step.solution.commands], files: step.solution.files.map((f) => ({ ...f })) }
  }

  /**
   * Replays a pack: for every lab and every step, `start` at that step on a fresh machine, check
   * the step's predict questions (each choice answer among the choices — the schema ensures it —
   * and each `confirm` expression true after the solution), write the solution's files, type its
   * commands at the prompt, then run the checks: all must pass. `openSession` gives one port per
   * lab (it is rebooted per step) and the function that closes it.
   */
  async verify(
    pack: ValidatedPack,
    openSession: (kernel: KernelVersion) => Promise<{ port: LabSessionPort; close: () => void }>,
    onStep?: (labId: string, step: StepVerification) => void
  ): Promise<PackVerification> {
    const labs: LabVerification[] = []
    for (const lab of pack.pack.labs) {
      const { port, close } = await openSession(lab.kernel)
      const steps: StepVerification[] = []
      try {
        for (let i = 0; i < lab.steps.length; i++) {
          const step = lab.steps[i]!
          const problems: string[] = []
          try {
            await this.start(port, { pack, lab }, i)
            for (const f of step.solution.files) await port.writeFile(f.path, f.content)
            for (const command of step.solution.commands) await port.typeCommand(command)
            // Confirmations first: they see the step's trace window, which a passing check closes.
            const machine = port.machine!
            const trace = this._trace(port)
            for (const q of step.predict) {
              if (!q.confirm) continue
              const compiled = pack.checks.get(`${lab.id}/${step.id}/?${q.id}`)!
              const outcome = evaluateCheck(compiled, {
                machine,
                user: port.user,
                lastCommand: port.lastCommand(),
                traceCount: (type) => trace.count(machine, type)
              })
              if (!outcome.ok) problems.push(`question "${q.id}": its confirm expression could not be evaluated: ${outcome.error}`)
              else if (!outcome.value) problems.push(`question "${q.id}": after the solution, its confirm expression is false, so the answer "${q.answer}" is not what the simulator does`)
            }
            const result = this.check(port, { pack, lab }, step.id)
            for (const r of result.results) if (!r.passed) problems.push(`check "${r.id}" failed: ${r.message}`)
            if (problems.length > 0) {
              const last = port.lastCommand()
              if (last) problems.push(`the last command was \`${last.command}\` (status ${last.exitStatus}); it printed:\n${indent(last.output.slice(-1500))}`)
            }
          } catch (error) {
            problems.push(error instanceof Error ? error.message : String(error))
          }
          const outcome = { stepId: step.id, ok: problems.length === 0, problems }
          steps.push(outcome)
          onStep?.(lab.id, outcome)
        }
      } finally {
        close()
      }
      labs.push({ labId: lab.id, kernel: lab.kernel, ok: steps.every((s) => s.ok), steps })
    }
    return { packId: pack.pack.manifest.id, ok: labs.every((l) => l.ok), labs }
  }

  /** Stops counting trace events for a session (it closed). */
  release(port: LabSessionPort): void {
    this._traces.get(port)?.dispose()
    this._traces.delete(port)
  }

  private _trace(port: LabSessionPort): StepTraceCounter {
    let t = this._traces.get(port)
    if (!t) this._traces.set(port, (t = new StepTraceCounter()))
    return t
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')
}
