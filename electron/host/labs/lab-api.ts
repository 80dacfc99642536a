import { PinlabApiError, type Params, type Result } from '../../../shared/api'
import type { LabCatalog } from '../lab-catalog'
import type { Session } from '../session'
import { LabRunner, LabRunnerError, labView, type LabRef } from './lab-runner'
import { SessionLabPort } from './session-port'

/**
 * The `labs.*` API methods (except `labs.list`, which is the catalog's): they find the lab in
 * the catalog, run the lab runner on the caller's session and turn every refusal into a
 * PinlabApiError with a sentence. One instance per connection; it owns the sessions' lab ports.
 */
export class LabApi {
  private readonly _ports = new WeakMap<Session, SessionLabPort>()
  private readonly _starting = new WeakSet<Session>()

  constructor(
    private readonly _catalog: LabCatalog,
    private readonly _runner = new LabRunner()
  ) {}

  async get(p: Params<'labs.get'>): Promise<Result<'labs.get'>> {
    const ref = await this._ref(p.packId, p.labId)
    return labView(ref.pack.pack, ref.lab)
  }

  async start(session: Session, p: Params<'labs.start'>): Promise<Result<'labs.start'>> {
    const ref = await this._ref(p.packId, p.labId)
    if (this._starting.has(session)) {
      throw new PinlabApiError('forbidden', `Session ${session.info.sessionId} is already starting a lab step; wait for it to finish.`)
    }
    this._starting.add(session)
    try {
      return await this._run(() => this._runner.start(this._port(session), ref, p.step, p.kernel))
    } finally {
      this._starting.delete(session)
    }
  }

  async answer(p: Params<'labs.answer'>): Promise<Result<'labs.answer'>> {
    const ref = await this._ref(p.packId, p.labId)
    return this._run(() => this._runner.answer(ref, p.stepId, p.questionId, p.answer))
  }

  async check(session: Session, p: Params<'labs.check'>): Promise<Result<'labs.check'>> {
    const ref = await this._ref(p.packId, p.labId)
    return this._run(() => this._runner.check(this._port(session), ref, p.stepId))
  }

  async hint(p: Params<'labs.hint'>): Promise<Result<'labs.hint'>> {
    const ref = await this._ref(p.packId, p.labId)
    return this._run(() => this._runner.hint(ref, p.stepId, p.index))
  }

  async solution(p: Params<'labs.solution'>): Promise<Result<'labs.solution'>> {
    const ref = await this._ref(p.packId, p.labId)
    return this._run(() => this._runner.solution(ref, p.stepId))
  }

  /** The session closed: stop counting its trace events. */
  release(session: Session): void {
    const port = this._ports.get(session)
    if (port) this._runner.release(port)
    this._ports.delete(session)
  }

  private _port(session: Session): SessionLabPort {
    let port = this._ports.get(session)
    if (!port) this._ports.set(session, (port = new SessionLabPort(session)))
    return port
  }

  private async _ref(packId: string, labId: string): Promise<LabRef> {
    if (!this._catalog.pack) throw new PinlabApiError('unsupported', 'This host has no lab packs to open.')
    const entry = await this._catalog.pack(packId)
    if (!entry) throw new PinlabApiError('invalid-params', `There is no lab pack "${packId}"; labs.list shows the installed packs.`)
    const lab = entry.validated.pack.labs.find((l) => l.id === labId)
    if (!lab) throw new PinlabApiError('invalid-params', `Pack "${packId}" has no lab "${labId}".`)
    return { pack: entry.validated, lab }
  }

  private async _run<T>(f: () => T | Promise<T>): Promise<T> {
    try {
      return await f()
    } catch (error) {
      if (error instanceof LabRunnerError) {
        throw new PinlabApiError(error.kind === 'setup-failed' ? 'unsupported' : 'invalid-params', error.message)
      }
      if (error instanceof PinlabApiError) throw error
      const message = error instanceof Error ? error.message : String(error)
      throw new PinlabApiError(/did not finish|did not boot/.test(message) ? 'timeout' : 'internal', `The lab step could not run: ${message}.`)
    }
  }
}
