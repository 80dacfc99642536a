/** All the pure libc natives under test, as one function table (strdup's fallback malloc injected). */
import type { NativeFn } from '../../../../electron/userland/cc/index'
import { makeStringFunctions } from '../../../../electron/userland/libc/string'

export function pureLibc(malloc?: NativeFn): Record<string, NativeFn> {
  return { ...makeStringFunctions({ malloc }) }
}
