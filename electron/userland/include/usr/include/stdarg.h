/*
 * stdarg.h - variable arguments (C99 7.15).
 *
 * The compiler implements variable arguments; these names map the standard
 * ones onto its builtins, exactly as gcc's own stdarg.h does.
 */
#ifndef _STDARG_H
#define _STDARG_H

#ifndef __va_list_defined
#define __va_list_defined
typedef __builtin_va_list va_list;
typedef __builtin_va_list __gnuc_va_list;
#endif

#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dest, src) __builtin_va_copy(dest, src)
#define __va_copy(dest, src) __builtin_va_copy(dest, src)

#endif /* _STDARG_H */
