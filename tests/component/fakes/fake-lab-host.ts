import type { Params, Result } from '../../../shared/protocol'

/** The methods of the guided-lab UI this fake host answers. */
type ContractMethod =
  | 'labs.get'
  | 'labs.start'
  | 'labs.answer'
  | 'labs.check'
  | 'labs.hint'
  | 'labs.solution'
  | 'progress.get'
  | 'progress.update'
  | 'session.compare'
  | 'fs.writeFile'
type ContractParams<M extends ContractMethod> = Params<M>
type ContractResult<M extends ContractMethod> = Result<M>
import type { KernelVersion } from '../../../shared/kernel-versions'
import type { LabView, StepCheckResult, StepSolution } from '../../../shared/lab-view'
import { PROGRESS_VERSION, type LabProgress, type Progress } from '../../../shared/progress'
import { PinlabApiError, type PackSummary, type SessionInfo } from '../../../shared/protocol'
import type { FakeApi, FakeApiOptions } from './fake-api'

/**
 * The host side of the guided labs, in memory, for component tests: answers labs.get/start/
 * answer/check/hint/solution, progress.get/update, session.compare and fs.writeFile the way
 * /work/contract-7.md describes them. Tests change `checkResult`, `progress` or `fail` to steer it.
 */

export const LAB: LabView = {
  packId: 'basics',
  id: 'pin-cow',
  title: 'Pins survive COW',
  kernel: '6.18',
  goals: ['See what **fork** does to a pinned page', 'Read `/proc/self/pagemap`'],
  prerequisites: [],
  steps: [
    {
      id: 'fork',
      title: 'Fork after pinning',
      task: 'Run `./pin-fork` and read the **refcount** line.',
      predict: [
        { id: 'refs', prompt: 'What is the page refcount after fork?', kind: 'choice', choices: ['1', '2', '3'] },
        { id: 'pins', prompt: 'How many pins does the page hold?', kind: 'value' }
      ],
      hintCount: 3,
      hasSolution: true,
      editorFile: { path: '/root/pin-fork.c', content: 'int main(void) { return 0; }\n' }
    },
    { id: 'write', title: 'Write in the child', task: 'Write to the page in the child.', predict: [], hintCount: 1, hasSolution: false },
    { id: 'unpin', title: 'Unpin', task: 'Unpin the page.', predict: [], hintCount: 0, hasSolution: true }
  ]
}

export const PACKS: PackSummary[] = [
  {
    id: 'basics',
    title: 'Pinning basics',
    version: '1.0.0',
    builtIn: true,
    labs: [
      { id: 'pin-cow', title: 'Pins survive COW', kernel: '6.18', stepCount: 3 },
      { id: 'gup-fork', title: 'GUP and fork', kernel: '5.8', stepCount: 4 }
    ]
  }
]

export const EXPECTED: Record<string, string> = { 'fork/refs': '2', 'fork/pins': '1' }

export const SOLUTION: StepSolution = {
  files: [{ path: '/root/pin-fork.c', content: '#include <stdio.h>\nint main(void) { puts("pinned"); return 0; }\n' }],
  commands: ['cc -o pin-fork pin-fork.c', './pin-fork']
}

export function failingCheck(): StepCheckResult {
  return {
    passed: false,
    explanation: null,
    results: [
      { id: 'ran', description: 'pin-fork ran', passed: true, message: '' },
      {
        id: 'pinned',
        description: 'the page is pinned',
        passed: false,
        message: 'The page has no pin: call pin_user_pages before fork, not after.'
      }
    ]
  }
}

export function passingCheck(): StepCheckResult {
  return {
    passed: true,
    explanation: 'Fork **shares** the page; the pin keeps it in place.',
    results: [
      { id: 'ran', description: 'pin-fork ran', passed: true, message: '' },
      { id: 'pinned', description: 'the page is pinned', passed: true, message: '' }
    ]
  }
}

type AnyHandler = (params: never) => unknown

export class FakeLabHost {
  progress: Progress = { version: PROGRESS_VERSION, labs: {} }
  checkResult: StepCheckResult = failingCheck()
  /** Methods that answer with an error sentence instead. */
  readonly fail = new Map<ContractMethod, string>()
  /** Runs before session.compare replies (a quick host sends the replay's output first). */
  beforeCompareReply: ((info: SessionInfo) => void) | null = null
  private nextSession = 2

  constructor(private readonly lab: LabView = LAB) {}

  /** Saved progress for the lab, as if the learner had been here before. */
  withProgress(patch: Partial<LabProgress>, key = `${this.lab.packId}/${this.lab.id}`): this {
    this.progress.labs[key] = {
      completedSteps: [],
      answers: {},
      hintsShown: {},
      solutionShown: [],
      completed: false,
      updatedAt: '2026-11-20T10:00:00.000Z',
      ...patch
    }
    return this
  }

  private handle<M extends ContractMethod>(method: M, answer: (params: ContractParams<M>) => ContractResult<M>) {
    return (params: ContractParams<M>): ContractResult<M> => {
      const refusal = this.fail.get(method)
      if (refusal) throw new PinlabApiError('invalid-params', refusal)
      return answer(params)
    }
  }

  private findLab(packId: string, labId: string): LabView {
    if (packId !== this.lab.packId || labId !== this.lab.id) throw new PinlabApiError('invalid-params', `There is no lab ${packId}/${labId}.`)
    return this.lab
  }

  /** FakeApi handlers for the contract methods (they are not keys of the API on this branch yet). */
  handlers(): FakeApiOptions['handlers'] {
    const table: Record<ContractMethod, AnyHandler> = {
      'labs.get': this.handle('labs.get', (p) => this.findLab(p.packId, p.labId)),
      'labs.start': this.handle('labs.start', (p) => {
        const lab = this.findLab(p.packId, p.labId)
        if (p.step < 0 || p.step >= lab.steps.length) throw new PinlabApiError('invalid-params', `The lab has no step ${p.step + 1}.`)
        return { lab, step: p.step }
      }),
      'labs.answer': this.handle('labs.answer', (p) => {
        const expected = EXPECTED[`${p.stepId}/${p.questionId}`] ?? ''
        return {
          correct: p.answer === expected,
          expected,
          explanation: `One pin, two mappings: the refcount is **${expected}**.`
        }
      }),
      'labs.check': this.handle('labs.check', () => this.checkResult),
      'labs.hint': this.handle('labs.hint', (p) => {
        const step = this.lab.steps.find((s) => s.id === p.stepId)!
        return { index: p.index, count: step.hintCount, text: `Hint number ${p.index + 1} for ${p.stepId}.` }
      }),
      'labs.solution': this.handle('labs.solution', () => SOLUTION),
      'progress.get': this.handle('progress.get', () => structuredClone(this.progress)),
      'progress.update': this.handle('progress.update', (p) => {
        const before = this.progress.labs[p.labKey] ?? {
          completedSteps: [],
          answers: {},
          hintsShown: {},
          solutionShown: [],
          completed: false,
          updatedAt: ''
        }
        this.progress.labs[p.labKey] = { ...before, ...p.patch }
        return structuredClone(this.progress)
      }),
      'session.compare': this.handle('session.compare', (p) => {
        const info: SessionInfo = { sessionId: `s${this.nextSession++}`, kernel: p.kernel as KernelVersion, user: 'root', hostname: 'pinlab' }
        this.beforeCompareReply?.(info)
        return info
      }),
      'fs.writeFile': this.handle('fs.writeFile', (p) => ({ path: p.path }))
    }
    return table as unknown as FakeApiOptions['handlers']
  }
}

/** The params of every call of a contract method, in order. */
export function contractCalls<M extends ContractMethod>(api: FakeApi, method: M): Array<ContractParams<M>> {
  return api.calls.filter((call) => (call.method as string) === method).map((call) => call.params as ContractParams<M>)
}
