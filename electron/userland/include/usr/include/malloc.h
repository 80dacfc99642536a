/*
 * malloc.h - glibc's malloc extensions, Linux x86-64.
 *
 * glibc's malloc serves requests of M_MMAP_THRESHOLD (128 KiB by default)
 * or more with a fresh anonymous mmap of their own, and smaller ones from
 * the brk heap; mallopt(M_MMAP_THRESHOLD, n) moves the line.  memalign()
 * is what many RDMA examples use for page-aligned buffers.
 */
#ifndef _MALLOC_H
#define _MALLOC_H

#include <bits/types.h>
#include <stddef.h>
#include <stdio.h>

#define M_MXFAST 1
#define M_NLBLKS 2
#define M_GRAIN 3
#define M_KEEP 4
#define M_TRIM_THRESHOLD -1
#define M_TOP_PAD -2
#define M_MMAP_THRESHOLD -3
#define M_MMAP_MAX -4
#define M_CHECK_ACTION -5
#define M_PERTURB -6
#define M_ARENA_TEST -7
#define M_ARENA_MAX -8

extern void *malloc(size_t size);
extern void *calloc(size_t nmemb, size_t size);
extern void *realloc(void *ptr, size_t size);
extern void *reallocarray(void *ptr, size_t nmemb, size_t size);
extern void free(void *ptr);
extern void *memalign(size_t alignment, size_t size);
extern void *valloc(size_t size);
extern void *pvalloc(size_t size);
extern size_t malloc_usable_size(void *ptr);
extern int mallopt(int param, int value);
extern int malloc_trim(size_t pad);
extern void malloc_stats(void);

#endif /* _MALLOC_H */
