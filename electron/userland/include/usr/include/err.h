/*
 * err.h - BSD-style error messages: "prog: message: strerror(errno)".
 * err() and errx() exit with the given status.
 */
#ifndef _ERR_H
#define _ERR_H

#include <stdarg.h>

extern void warn(const char *format, ...);
extern void vwarn(const char *format, __builtin_va_list ap);
extern void warnx(const char *format, ...);
extern void vwarnx(const char *format, __builtin_va_list ap);
extern void err(int status, const char *format, ...) __attribute__((__noreturn__));
extern void verr(int status, const char *format, __builtin_va_list ap) __attribute__((__noreturn__));
extern void errx(int status, const char *format, ...) __attribute__((__noreturn__));
extern void verrx(int status, const char *format, __builtin_va_list ap) __attribute__((__noreturn__));

#endif /* _ERR_H */
