/*
 * stdlib.h - general utilities (C99 7.20), as glibc on Linux x86-64.
 *
 * malloc follows glibc: requests of 128 KiB or more (M_MMAP_THRESHOLD) get
 * their own anonymous mmap, smaller ones come from the brk heap.
 */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <bits/types.h>
#include <sys/types.h>
#include <bits/waitstatus.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

typedef struct {
	int quot;
	int rem;
} div_t;

typedef struct {
	long quot;
	long rem;
} ldiv_t;

typedef struct {
	long long quot;
	long long rem;
} lldiv_t;

extern void *malloc(size_t size);
extern void *calloc(size_t nmemb, size_t size);
extern void *realloc(void *ptr, size_t size);
extern void *reallocarray(void *ptr, size_t nmemb, size_t size);
extern void free(void *ptr);
extern void *aligned_alloc(size_t alignment, size_t size);
extern int posix_memalign(void **memptr, size_t alignment, size_t size);
extern void *valloc(size_t size);

extern void exit(int status) __attribute__((__noreturn__));
extern void _Exit(int status) __attribute__((__noreturn__));
extern void abort(void) __attribute__((__noreturn__));
extern int atexit(void (*function)(void));

extern int atoi(const char *nptr);
extern long atol(const char *nptr);
extern long long atoll(const char *nptr);
extern double atof(const char *nptr);
extern long strtol(const char *nptr, char **endptr, int base);
extern unsigned long strtoul(const char *nptr, char **endptr, int base);
extern long long strtoll(const char *nptr, char **endptr, int base);
extern unsigned long long strtoull(const char *nptr, char **endptr, int base);
extern double strtod(const char *nptr, char **endptr);
extern float strtof(const char *nptr, char **endptr);

extern int abs(int j);
extern long labs(long j);
extern long long llabs(long long j);
extern div_t div(int numerator, int denominator);
extern ldiv_t ldiv(long numerator, long denominator);
extern lldiv_t lldiv(long long numerator, long long denominator);

extern int rand(void);
extern void srand(unsigned int seed);
extern int rand_r(unsigned int *seedp);
extern long random(void);
extern void srandom(unsigned int seed);
extern long lrand48(void);
extern void srand48(long seedval);
extern double drand48(void);
extern double erand48(unsigned short xsubi[3]);
extern long nrand48(unsigned short xsubi[3]);
extern long mrand48(void);
extern long jrand48(unsigned short xsubi[3]);
extern unsigned short *seed48(unsigned short seed16v[3]);
extern void lcong48(unsigned short param[7]);
extern char *initstate(unsigned int seed, char *statebuf, size_t statelen);
extern char *setstate(char *statebuf);

/* State of the reentrant random_r() family. */
struct random_data {
	int32_t *fptr;
	int32_t *rptr;
	int32_t *state;
	int rand_type;
	int rand_deg;
	int rand_sep;
	int32_t *end_ptr;
};

extern int random_r(struct random_data *buf, int32_t *result);
extern int srandom_r(unsigned int seed, struct random_data *buf);
extern int initstate_r(unsigned int seed, char *statebuf, size_t statelen, struct random_data *buf);
extern int setstate_r(char *statebuf, struct random_data *buf);

extern char *getenv(const char *name);
extern int setenv(const char *name, const char *value, int overwrite);
extern int unsetenv(const char *name);
extern int putenv(char *string);
extern int system(const char *command);

extern void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
extern void qsort_r(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *, void *), void *arg);
extern void *bsearch(const void *key, const void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));

extern int mkstemp(char *template);
extern char *mkdtemp(char *template);
extern char *realpath(const char *path, char *resolved_path);

#endif /* _STDLIB_H */
