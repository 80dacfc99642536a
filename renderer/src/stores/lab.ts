import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type { KernelVersion } from '../../../shared/kernel-versions'
import type {
  LabStepView,
  LabView,
  PredictAnswerResult,
  StepCheckResult,
  StepHint,
  StepSolution
} from '../../../shared/lab-view'
import type { LabProgress, Progress } from '../../../shared/progress'
import type { Events, SessionInfo } from '../../../shared/protocol'
import { useApi } from '../api'
import { useSessionStore } from './session'

/** What the learner has done on one step during this visit (answers, check, hints, solution). */
export interface StepUiState {
  /** By question id: what the learner answered and what the host said about it. */
  answers: Record<string, { answer: string; result: PredictAnswerResult }>
  /** The last check of this step; null until the learner checks (and after the step restarts). */
  check: StepCheckResult | null
  /** Revealed hints, in order. */
  hints: StepHint[]
  solution: StepSolution | null
}

/** A file the lab wants open in the editor; `serial` changes on every request, so the same file can be reopened. */
export interface EditorFileRequest {
  path: string
  content: string
  serial: number
}

export function labKeyOf(packId: string, labId: string): string {
  return `${packId}/${labId}`
}

function emptyLabProgress(): LabProgress {
  return { completedSteps: [], answers: {}, hintsShown: {}, solutionShown: [], completed: false, updatedAt: '' }
}

function emptyStepState(): StepUiState {
  return { answers: {}, check: null, hints: [], solution: null }
}

function sentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * The lab index the learner continues at: the first step whose checks have not passed, or the
 * last step when every step has passed.
 */
export function frontierStep(lab: Pick<LabView, 'steps'>, progress: LabProgress | undefined): number {
  const done = new Set(progress?.completedSteps ?? [])
  const index = lab.steps.findIndex((step) => !done.has(step.id))
  return index === -1 ? Math.max(0, lab.steps.length - 1) : index
}

/**
 * The guided lab the learner is in (or none: free play), the learner's progress, and the
 * "what did another kernel do here?" comparison session.
 *
 * Moving to a step always goes through `labs.start`: the host reboots the machine and runs the
 * setup of the steps up to that one, so every step starts from the state its author wrote it for
 * (and "Continue" after a restart lands in the same place as "Next step"). Progress is saved
 * through `progress.update` after each answer, hint, solution and passed step; a failed save is
 * reported and the lab goes on.
 */
export const useLabStore = defineStore('lab', () => {
  const api = useApi()
  const session = useSessionStore()

  const lab = shallowRef<LabView | null>(null)
  const stepIndex = ref(0)
  /** The kernel the learner switched this lab to; null while it runs on the lab's own kernel. */
  const kernelOverride = ref<KernelVersion | null>(null)
  const stepStates = ref<Record<string, StepUiState>>({})
  const progress = shallowRef<Progress | null>(null)
  /** Why progress could not be loaded or saved, as a sentence; empty otherwise. */
  const progressError = ref('')
  /** What is running now, as a sentence ("Starting step 2…"); empty when idle. */
  const busy = ref('')
  /** The last failure, as a sentence; empty otherwise. */
  const error = ref('')
  /** The last result worth announcing (aria-live). */
  const announcement = ref('')
  /** The newest file the lab asked the editor to open; the editor watches this. */
  const editorFile = shallowRef<EditorFileRequest | null>(null)
  let editorSerial = 0

  const compareSession = shallowRef<SessionInfo | null>(null)
  /** Output of the comparison session, in arrival order; the compare view writes what is new. */
  const compareOutput = ref<string[]>([])
  const comparePending = ref(false)
  const compareExit = ref<number | null>(null)
  /** Output that arrived while session.compare was on its way back (the id is not known yet). */
  let earlyCompareOutput: Array<Events['terminal.output']> = []

  const step = computed<LabStepView | null>(() => lab.value?.steps[stepIndex.value] ?? null)
  const labKey = computed(() => (lab.value ? labKeyOf(lab.value.packId, lab.value.id) : ''))
  const currentProgress = computed(() => (labKey.value ? progress.value?.labs[labKey.value] : undefined))
  const stepState = computed<StepUiState>(() => (step.value ? stepStates.value[step.value.id] : undefined) ?? emptyStepState())
  /** The kernel this lab is meant to run on now (the override, else the lab's own). */
  const labKernel = computed<KernelVersion | null>(() => kernelOverride.value ?? lab.value?.kernel ?? null)
  const completedSteps = computed(() => new Set(currentProgress.value?.completedSteps ?? []))
  const frontier = computed(() => (lab.value ? frontierStep(lab.value, currentProgress.value) : 0))
  /** Every predict-first question of the current step has an answer from the host. */
  const predictionsDone = computed(() => {
    const current = step.value
    if (!current) return true
    return current.predict.every((question) => stepState.value.answers[question.id] !== undefined)
  })
  const stepPassed = computed(() => stepState.value.check?.passed === true)
  const stepCompleted = computed(() => (step.value ? completedSteps.value.has(step.value.id) : false))

  const offEvent = api.onEvent((event) => {
    if (event.event === 'terminal.output') {
      if (comparePending.value) earlyCompareOutput.push(event.payload)
      else if (event.payload.sessionId === compareSession.value?.sessionId) compareOutput.value.push(event.payload.data)
    } else if (event.event === 'session.exited' && event.payload.sessionId === compareSession.value?.sessionId) {
      compareExit.value = event.payload.status
    }
  })
  onScopeDispose(offEvent)

  /** Only steps that passed and the one to do next can be opened (and the one already open). */
  function isReachable(index: number): boolean {
    const current = lab.value
    if (!current || index < 0 || index >= current.steps.length) return false
    return index === stepIndex.value || index === frontier.value || completedSteps.value.has(current.steps[index]!.id)
  }

  function progressFor(packId: string, labId: string): LabProgress | undefined {
    return progress.value?.labs[labKeyOf(packId, labId)]
  }

  function stateOf(stepId: string): StepUiState {
    let state = stepStates.value[stepId]
    if (!state) {
      state = emptyStepState()
      stepStates.value[stepId] = state
    }
    return stepStates.value[stepId]!
  }

  function requireSession(): string {
    const id = session.sessionId
    if (!id) throw new Error('The machine is not running yet; wait for the terminal prompt, then try again.')
    return id
  }

  /** Runs one user action: one at a time, its failure becomes `error`, never an exception. */
  async function run(what: string, action: () => Promise<void>): Promise<boolean> {
    if (busy.value) {
      error.value = `Please wait: ${busy.value}`
      return false
    }
    busy.value = what
    error.value = ''
    try {
      await action()
      return true
    } catch (e) {
      error.value = sentence(e)
      announce(error.value)
      return false
    } finally {
      busy.value = ''
    }
  }

  async function loadProgress(): Promise<void> {
    try {
      progress.value = await api.request('progress.get', {})
      progressError.value = ''
    } catch (e) {
      progressError.value = `Your lab progress could not be loaded: ${sentence(e)}`
    }
  }

  /** Saves the fields that changed, as whole values (so the host may replace or merge them alike). */
  async function saveProgress(patch: Partial<LabProgress>): Promise<void> {
    const key = labKey.value
    if (!key) return
    const previous = progress.value
    const updatedAt = new Date().toISOString()
    // Show the change at once; the host's answer replaces it.
    const base = previous ?? { version: 1 as const, labs: {} }
    progress.value = {
      ...base,
      labs: { ...base.labs, [key]: { ...emptyLabProgress(), ...base.labs[key], ...patch, updatedAt } }
    }
    try {
      progress.value = await api.request('progress.update', { labKey: key, patch: { ...patch, updatedAt } })
      progressError.value = ''
    } catch (e) {
      progressError.value = `Your progress was not saved: ${sentence(e)}`
    }
  }

  /**
   * Sets the text of the aria-live region. A live region only speaks when its text changes, so
   * the same result twice in a row (a check failing again) gets a trailing no-break space.
   */
  function announce(text: string): void {
    announcement.value = announcement.value === text ? `${text}\u00a0` : text
  }

  function openInEditor(path: string, content: string): void {
    editorSerial += 1
    editorFile.value = { path, content, serial: editorSerial }
  }

  /** Brings back what the learner had done on this step before (answers, hints, solution). */
  async function restoreStep(packId: string, labId: string, target: LabStepView): Promise<void> {
    const saved = progressFor(packId, labId)
    const state = stateOf(target.id)
    state.check = null
    if (!saved) return
    for (const question of target.predict) {
      const answer = saved.answers[`${target.id}/${question.id}`]
      if (answer === undefined || state.answers[question.id]) continue
      const result = await api.request('labs.answer', { packId, labId, stepId: target.id, questionId: question.id, answer })
      state.answers[question.id] = { answer, result }
    }
    const hintCount = Math.min(saved.hintsShown[target.id] ?? 0, target.hintCount)
    for (let index = state.hints.length; index < hintCount; index++) {
      state.hints.push(await api.request('labs.hint', { packId, labId, stepId: target.id, index }))
    }
    if (saved.solutionShown.includes(target.id) && !state.solution) {
      state.solution = await api.request('labs.solution', { packId, labId, stepId: target.id })
    }
  }

  async function startAt(packId: string, labId: string, index: number, kernel: KernelVersion | null): Promise<void> {
    const sessionId = requireSession()
    // A replay shows what another kernel did at the step being left; it says nothing about the next.
    await closeCompare()
    const started = await api.request('labs.start', {
      sessionId,
      packId,
      labId,
      step: index,
      ...(kernel ? { kernel } : {})
    })
    const same = lab.value !== null && lab.value.packId === started.lab.packId && lab.value.id === started.lab.id
    if (!same) stepStates.value = {}
    lab.value = started.lab
    stepIndex.value = started.step
    kernelOverride.value = kernel && kernel !== started.lab.kernel ? kernel : null
    const current = started.lab.steps[started.step]
    if (!current) throw new Error(`The lab has no step ${started.step + 1}.`)
    await restoreStep(started.lab.packId, started.lab.id, current)
    if (current.editorFile) openInEditor(current.editorFile.path, current.editorFile.content)
    const machine = labKernel.value ?? started.lab.kernel
    announce(`Step ${started.step + 1} of ${started.lab.steps.length}: ${current.title}. The machine runs Linux ${machine}.`)
  }

  /** Opens a lab where the learner left it (the first step not yet passed). */
  async function open(packId: string, labId: string): Promise<boolean> {
    return run('Starting the lab…', async () => {
      requireSession()
      if (!progress.value) await loadProgress()
      const view = await api.request('labs.get', { packId, labId })
      await startAt(packId, labId, frontierStep(view, progressFor(packId, labId)), null)
    })
  }

  async function goToStep(index: number): Promise<boolean> {
    const current = lab.value
    if (!current) return false
    if (!isReachable(index)) {
      error.value = `Step ${index + 1} opens once the steps before it are done.`
      return false
    }
    return run(`Starting step ${index + 1}…`, () => startAt(current.packId, current.id, index, kernelOverride.value))
  }

  async function nextStep(): Promise<boolean> {
    return goToStep(stepIndex.value + 1)
  }

  /** Restarts the current step on another kernel ("Switch this step to Linux X"). */
  async function switchKernel(kernel: KernelVersion): Promise<boolean> {
    const current = lab.value
    if (!current) return false
    return run(`Restarting this step on Linux ${kernel}…`, () => startAt(current.packId, current.id, stepIndex.value, kernel))
  }

  async function answer(questionId: string, value: string): Promise<boolean> {
    const current = lab.value
    const target = step.value
    if (!current || !target) return false
    const question = target.predict.find((q) => q.id === questionId)
    if (!question) return false
    const given = value.trim()
    if (given === '') {
      error.value = question.kind === 'choice' ? 'Choose one of the answers first.' : 'Type your prediction first.'
      announce(error.value)
      return false
    }
    return run('Checking your answer…', async () => {
      const result = await api.request('labs.answer', {
        packId: current.packId,
        labId: current.id,
        stepId: target.id,
        questionId,
        answer: given
      })
      stateOf(target.id).answers[questionId] = { answer: given, result }
      announce(result.correct ? 'Correct.' : `Not quite: the answer is ${result.expected}.`)
      const saved = currentProgress.value ?? emptyLabProgress()
      await saveProgress({ answers: { ...saved.answers, [`${target.id}/${questionId}`]: given } })
    })
  }

  async function check(): Promise<boolean> {
    const current = lab.value
    const target = step.value
    if (!current || !target) return false
    return run('Checking the step…', async () => {
      const result = await api.request('labs.check', {
        sessionId: requireSession(),
        packId: current.packId,
        labId: current.id,
        stepId: target.id
      })
      stateOf(target.id).check = result
      const failed = result.results.filter((r) => !r.passed)
      if (result.passed) {
        announce(`All ${result.results.length} checks passed. Step ${stepIndex.value + 1} is done.`)
        const saved = currentProgress.value ?? emptyLabProgress()
        const completedIds = saved.completedSteps.includes(target.id) ? saved.completedSteps : [...saved.completedSteps, target.id]
        const all = current.steps.every((s) => completedIds.includes(s.id))
        await saveProgress({ completedSteps: completedIds, completed: all })
      } else {
        const first = failed[0]
        announce(`${failed.length} of ${result.results.length} checks failed${first ? `: ${first.message}` : '.'}`)
      }
    })
  }

  async function showHint(): Promise<boolean> {
    const current = lab.value
    const target = step.value
    if (!current || !target) return false
    const state = stateOf(target.id)
    const index = state.hints.length
    if (index >= target.hintCount) return false
    return run('Fetching the hint…', async () => {
      const hint = await api.request('labs.hint', { packId: current.packId, labId: current.id, stepId: target.id, index })
      state.hints.push(hint)
      announce(`Hint ${index + 1} of ${target.hintCount} shown.`)
      const saved = currentProgress.value ?? emptyLabProgress()
      await saveProgress({ hintsShown: { ...saved.hintsShown, [target.id]: state.hints.length } })
    })
  }

  /** Fetches the solution; the panel has asked the learner to confirm first. */
  async function showSolution(): Promise<boolean> {
    const current = lab.value
    const target = step.value
    if (!current || !target || !target.hasSolution) return false
    return run('Fetching the solution…', async () => {
      const solution = await api.request('labs.solution', { packId: current.packId, labId: current.id, stepId: target.id })
      stateOf(target.id).solution = solution
      announce('The solution is shown below.')
      const saved = currentProgress.value ?? emptyLabProgress()
      if (!saved.solutionShown.includes(target.id)) await saveProgress({ solutionShown: [...saved.solutionShown, target.id] })
    })
  }

  /**
   * "Type it for me": writes the solution's files on the machine (and opens them in the editor),
   * then types each command at the prompt, in order, as if the learner had.
   */
  async function typeSolution(): Promise<boolean> {
    const solution = stepState.value.solution
    if (!solution) return false
    return run('Typing the solution…', async () => {
      const sessionId = requireSession()
      for (const file of solution.files) {
        await api.request('fs.writeFile', { sessionId, path: file.path, content: file.content })
        openInEditor(file.path, file.content)
      }
      for (const command of solution.commands) {
        await api.request('terminal.input', { sessionId, data: `${command}\r` })
      }
      announce(`Typed ${solution.commands.length} command${solution.commands.length === 1 ? '' : 's'} into the terminal.`)
    })
  }

  /** "What did another kernel do here?": replays this session on `kernel` in a second session. */
  async function compareOn(kernel: KernelVersion): Promise<boolean> {
    return run(`Replaying this session on Linux ${kernel}…`, async () => {
      const sessionId = requireSession()
      await closeCompare()
      comparePending.value = true
      earlyCompareOutput = []
      try {
        const info = await api.request('session.compare', { sessionId, kernel })
        compareExit.value = null
        compareOutput.value = earlyCompareOutput.filter((o) => o.sessionId === info.sessionId).map((o) => o.data)
        compareSession.value = info
        announce(`Replayed on Linux ${info.kernel}; its terminal is shown next to yours.`)
      } catch (e) {
        throw new Error(`Could not replay this session on Linux ${kernel}: ${sentence(e)}`)
      } finally {
        comparePending.value = false
        earlyCompareOutput = []
      }
    })
  }

  async function closeCompare(): Promise<void> {
    const info = compareSession.value
    compareSession.value = null
    compareOutput.value = []
    compareExit.value = null
    if (!info) return
    try {
      await api.request('session.close', { sessionId: info.sessionId })
    } catch {
      // The host drops sessions with the connection; nothing is left to close.
    }
  }

  /** Free play: the lab panel goes back to the list; the machine stays as it is. */
  async function leave(): Promise<void> {
    await closeCompare()
    lab.value = null
    stepIndex.value = 0
    kernelOverride.value = null
    stepStates.value = {}
    error.value = ''
    const sessionId = session.sessionId
    let restored = false
    if (sessionId) {
      try {
        restored = (await api.request('labs.leave', { sessionId })).restored
      } catch (e) {
        error.value = `Could not bring back the free-play machine: ${e instanceof Error ? e.message : String(e)}`
      }
    }
    announce(restored ? 'Free play: your free-play machine is back as you left it.' : 'Free play: type any command.')
  }

  return {
    lab,
    step,
    stepIndex,
    stepState,
    kernelOverride,
    labKernel,
    progress,
    progressError,
    currentProgress,
    completedSteps,
    frontier,
    predictionsDone,
    stepPassed,
    stepCompleted,
    busy,
    error,
    announcement,
    editorFile,
    compareSession,
    compareOutput,
    comparePending,
    compareExit,
    isReachable,
    progressFor,
    loadProgress,
    open,
    goToStep,
    nextStep,
    switchKernel,
    answer,
    check,
    showHint,
    showSolution,
    typeSolution,
    compareOn,
    closeCompare,
    leave
  }
})
