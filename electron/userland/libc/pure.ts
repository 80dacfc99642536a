import type { NativeFn } from '../cc/vm'
import { allocFunctions } from './alloc'
import { makeCtypeFunctions } from './ctype'
import { makeErrnoMessageFunctions } from './errno-messages'
import { makeRandomStateFunctions, rand48Functions, stdlibMiscFunctions } from './stdlib-misc'
import { makeStringFunctions } from './string'
import { strtolFunctions } from './strtol'

/**
 * The pure half of libc (string, ctype, strtol, qsort, rand, strerror), gathered in one table.
 * strdup and friends allocate with the program's own malloc when it has one, else with libc's.
 */
export const pureFunctions: Record<string, NativeFn> = {
  ...makeStringFunctions({ malloc: allocFunctions.malloc }),
  ...makeCtypeFunctions({ malloc: allocFunctions.malloc }),
  ...makeRandomStateFunctions({ malloc: allocFunctions.malloc }),
  ...strtolFunctions,
  ...stdlibMiscFunctions,
  ...rand48Functions,
  ...makeErrnoMessageFunctions({ malloc: allocFunctions.malloc })
}
