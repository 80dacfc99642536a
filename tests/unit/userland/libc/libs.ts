/** All the pure libc natives under test, as one function table (the fallback malloc injected). */
import type { NativeFn } from '../../../../electron/userland/cc/index'
import { makeStringFunctions } from '../../../../electron/userland/libc/string'
import { makeErrnoMessageFunctions } from '../../../../electron/userland/libc/errno-messages'
import { strtolFunctions } from '../../../../electron/userland/libc/strtol'
import { makeCtypeFunctions } from '../../../../electron/userland/libc/ctype'
import { makeRandomStateFunctions, stdlibMiscFunctions } from '../../../../electron/userland/libc/stdlib-misc'

export function pureLibc(malloc?: NativeFn): Record<string, NativeFn> {
  return { ...makeStringFunctions({ malloc }), ...makeErrnoMessageFunctions({ malloc }), ...strtolFunctions, ...makeCtypeFunctions({ malloc }), ...stdlibMiscFunctions, ...makeRandomStateFunctions({ malloc }) }
}
