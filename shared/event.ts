/**
 * Typed events and disposables, in the style of VS Code and xterm.js: a producer owns an
 * `Emitter<T>` and exposes `emitter.event`; a subscriber gets an `IDisposable` back.
 */

export interface IDisposable {
  dispose(): void
}

export type Event<T> = (listener: (value: T) => void) => IDisposable

export class Emitter<T> implements IDisposable {
  private _listeners: Array<(value: T) => void> = []
  private _disposed = false

  readonly event: Event<T> = (listener) => {
    if (this._disposed) return { dispose() {} }
    this._listeners.push(listener)
    return {
      dispose: () => {
        this._listeners = this._listeners.filter((l) => l !== listener)
      }
    }
  }

  fire(value: T): void {
    // A copy, so that a listener may unsubscribe while being called.
    for (const listener of this._listeners.slice()) listener(value)
  }

  get hasListeners(): boolean {
    return this._listeners.length > 0
  }

  dispose(): void {
    this._disposed = true
    this._listeners = []
  }
}

/** Collects disposables and disposes them together, last registered first. */
export class DisposableStore implements IDisposable {
  private _items: IDisposable[] = []
  private _disposed = false

  add<T extends IDisposable>(item: T): T {
    if (this._disposed) item.dispose()
    else this._items.push(item)
    return item
  }

  dispose(): void {
    if (this._disposed) return
    this._disposed = true
    const items = this._items.reverse()
    this._items = []
    for (const item of items) item.dispose()
  }
}

export function toDisposable(fn: () => void): IDisposable {
  let done = false
  return {
    dispose() {
      if (!done) {
        done = true
        fn()
      }
    }
  }
}
