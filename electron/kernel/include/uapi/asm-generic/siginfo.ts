/** Signals and si_code values a memory access can raise (x86-64). */
export const SIGBUS = 7
export const SIGKILL = 9
export const SIGSEGV = 11
/** si_code for SIGSEGV: address not mapped to object. */
export const SEGV_MAPERR = 1
/** si_code for SIGSEGV: invalid permissions for mapped object. */
export const SEGV_ACCERR = 2
/** si_code for SIGBUS: nonexistent physical address (e.g. a file page past EOF). */
export const BUS_ADRERR = 2
