/**
 * A token bucket: `burst` requests at once, refilled at `perSecond`. The clock is injectable so
 * tests need no waiting.
 */
export class RateLimiter {
  private _tokens: number
  private _last: number

  constructor(
    private readonly _options: { perSecond: number; burst: number },
    private readonly _now: () => number = () => performance.now()
  ) {
    this._tokens = _options.burst
    this._last = _now()
  }

  take(): boolean {
    const now = this._now()
    this._tokens = Math.min(this._options.burst, this._tokens + ((now - this._last) / 1000) * this._options.perSecond)
    this._last = now
    if (this._tokens < 1) return false
    this._tokens -= 1
    return true
  }
}
