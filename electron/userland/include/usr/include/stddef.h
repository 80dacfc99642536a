/* stddef.h - common definitions (C99 7.17), Linux x86-64. */
#ifndef _STDDEF_H
#define _STDDEF_H

#include <bits/types.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

/* offsetof is the compiler's job: PinLab's cc and gcc both know __builtin_offsetof. */
#define offsetof(type, member) __builtin_offsetof(type, member)

/* The type with the strictest alignment (16 bytes on x86-64, from long double). */
typedef struct {
	long long __max_align_ll;
	long double __max_align_ld;
} max_align_t;

#endif /* _STDDEF_H */
