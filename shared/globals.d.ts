/**
 * The few globals that both Node and browsers provide and that the DOM-free, Node-free layer
 * (shared/, electron/kernel/, electron/userland/) may use. Declared here because that layer compiles
 * with `lib: ["ES2023"]` and `types: []`, so that a stray `document` or `require('fs')` fails to
 * type-check.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean })
  decode(input?: ArrayBufferView | ArrayBuffer): string
}
declare function queueMicrotask(callback: () => void): void
declare function setTimeout(callback: () => void, ms?: number): unknown
