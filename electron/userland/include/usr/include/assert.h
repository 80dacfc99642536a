/*
 * assert.h - diagnostics (C99 7.2).
 *
 * Like every assert.h this file has no include guard: including it again
 * after changing NDEBUG switches assert on or off.  A failed assertion
 * prints glibc's message, e.g.
 *     a.out: prog.c:12: main: Assertion `x == 1' failed.
 * and raises SIGABRT.
 */
#undef assert

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H
#define _ASSERT_H
extern void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function) __attribute__((__noreturn__));
#define static_assert _Static_assert
#endif
