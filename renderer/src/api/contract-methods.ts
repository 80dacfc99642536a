import type { KernelVersion } from '../../../shared/kernel-versions'
import type {
  LabView,
  PredictAnswerResult,
  StepCheckResult,
  StepHint,
  StepSolution
} from '../../../shared/lab-view'
import type { LabProgress, Progress } from '../../../shared/progress'
import type { Method, Params, PinlabApi, Result, SessionInfo } from '../../../shared/protocol'

/**
 * The issue-7 methods the guided-lab UI calls but other branches add to `shared/api.ts`
 * (labs.* by the labs host, progress.* by persistence, session.compare and fs.writeFile by
 * history), typed exactly as /work/contract-7.md states them.
 *
 * Why this file exists: those branches are built in parallel, so on this branch the methods are
 * not yet keys of `requestSchemas` and `api.request('labs.get', …)` would not type-check. Once the
 * branches are merged, `CONTRACT_AGREES` below turns every disagreement between these types and
 * the real schemas/results into a compile error, so the two can never drift apart silently.
 */
export interface ContractMethods {
  'labs.get': { params: { packId: string; labId: string }; result: LabView }
  'labs.start': {
    params: { sessionId: string; packId: string; labId: string; step: number; kernel?: KernelVersion }
    result: { lab: LabView; step: number }
  }
  'labs.answer': {
    params: { packId: string; labId: string; stepId: string; questionId: string; answer: string }
    result: PredictAnswerResult
  }
  'labs.check': { params: { sessionId: string; packId: string; labId: string; stepId: string }; result: StepCheckResult }
  /** `index` counts from 0: the first hint is index 0. */
  'labs.hint': { params: { packId: string; labId: string; stepId: string; index: number }; result: StepHint }
  'labs.solution': { params: { packId: string; labId: string; stepId: string }; result: StepSolution }
  'progress.get': { params: Record<string, never>; result: Progress }
  'progress.update': { params: { labKey: string; patch: Partial<LabProgress> }; result: Progress }
  'session.compare': { params: { sessionId: string; kernel: KernelVersion; position?: number }; result: SessionInfo }
  'fs.writeFile': { params: { sessionId: string; path: string; content: string }; result: { path: string } }
}

export type ContractMethod = keyof ContractMethods
export type ContractParams<M extends ContractMethod> = ContractMethods[M]['params']
export type ContractResult<M extends ContractMethod> = ContractMethods[M]['result']

/**
 * True when `M` is not (yet) an API method, or when it is and its real params accept ours and its
 * real result is what we expect; false otherwise.
 */
type Agrees<M extends ContractMethod> = M extends Method
  ? [ContractParams<M>] extends [Params<M & Method>]
    ? [Result<M & Method>] extends [ContractResult<M>]
      ? true
      : false
    : false
  : true

/** Fails to compile (a `false` is expected) as soon as a merged schema disagrees with the contract. */
const CONTRACT_AGREES: { [M in ContractMethod]: Agrees<M> } = {
  'labs.get': true,
  'labs.start': true,
  'labs.answer': true,
  'labs.check': true,
  'labs.hint': true,
  'labs.solution': true,
  'progress.get': true,
  'progress.update': true,
  'session.compare': true,
  'fs.writeFile': true
}
void CONTRACT_AGREES

/**
 * Sends one contract method through the ordinary client (same transport, same error replies as
 * `api.request`: a failure rejects with a PinlabApiError carrying the host's sentence).
 */
export function requestContract<M extends ContractMethod>(
  api: Pick<PinlabApi, 'request'>,
  method: M,
  params: ContractParams<M>
): Promise<ContractResult<M>> {
  const untyped = api.request as unknown as (method: string, params: unknown) => Promise<unknown>
  return untyped.call(api, method, params) as Promise<ContractResult<M>>
}
