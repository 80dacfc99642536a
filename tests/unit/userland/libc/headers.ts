/**
 * Minimal header texts for the libc tests: prototypes of the pure libc functions under test,
 * on top of the compiler's test libc (stdio, malloc, exit …). Constants match glibc x86-64.
 * errno is `*__errno_location()`, as in glibc; the test runner provides that function.
 */
import { TEST_HEADERS } from '../../../../electron/userland/cc/testlibc'

export const LIBC_TEST_HEADERS: Record<string, string> = {
  ...TEST_HEADERS,
  'string.h': `#ifndef _STRING_H
#define _STRING_H
#include <stddef.h>
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *mempcpy(void *d, const void *s, size_t n);
void *memccpy(void *d, const void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
void *memrchr(const void *s, int c, size_t n);
void *rawmemchr(const void *s, int c);
void *memmem(const void *h, size_t hl, const void *n, size_t nl);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
char *strcpy(char *d, const char *s);
char *strncpy(char *d, const char *s, size_t n);
char *stpcpy(char *d, const char *s);
char *stpncpy(char *d, const char *s, size_t n);
char *strcat(char *d, const char *s);
char *strncat(char *d, const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcoll(const char *a, const char *b);
size_t strxfrm(char *d, const char *s, size_t n);
int strverscmp(const char *a, const char *b);
void *memfrob(void *s, size_t n);
char *basename(const char *path);
char *strchr(const char *s, int c);
char *strchrnul(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);
char *strcasestr(const char *h, const char *n);
size_t strspn(const char *s, const char *a);
size_t strcspn(const char *s, const char *r);
char *strpbrk(const char *s, const char *a);
char *strtok(char *s, const char *d);
char *strtok_r(char *s, const char *d, char **save);
char *strsep(char **sp, const char *d);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
char *strerror(int e);
char *strerror_r(int e, char *buf, size_t n);
char *strsignal(int sig);
const char *strerrorname_np(int e);
const char *strerrordesc_np(int e);
const char *sigabbrev_np(int sig);
const char *sigdescr_np(int sig);
#include <strings.h>
#endif
`,
  'strings.h': `#ifndef _STRINGS_H
#define _STRINGS_H
#include <stddef.h>
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
void bzero(void *s, size_t n);
void explicit_bzero(void *s, size_t n);
void bcopy(const void *s, void *d, size_t n);
int bcmp(const void *a, const void *b, size_t n);
char *index(const char *s, int c);
char *rindex(const char *s, int c);
int ffs(int i);
int ffsl(long i);
int ffsll(long long i);
#endif
`,
  'ctype.h': `#ifndef _CTYPE_H
#define _CTYPE_H
int isalpha(int c); int isdigit(int c); int isalnum(int c); int isspace(int c);
int isupper(int c); int islower(int c); int isxdigit(int c); int isprint(int c);
int ispunct(int c); int iscntrl(int c); int isgraph(int c); int isblank(int c);
int isascii(int c); int toascii(int c);
int toupper(int c); int tolower(int c);
#endif
`,
  'errno.h': `#ifndef _ERRNO_H
#define _ERRNO_H
extern int *__errno_location(void);
#define errno (*__errno_location())
#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ERANGE 34
#define EDOM 33
#endif
`,
  'stdlib.h': `#ifndef _STDLIB_H
#define _STDLIB_H
#include <stddef.h>
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647
typedef struct { int quot; int rem; } div_t;
typedef struct { long quot; long rem; } ldiv_t;
typedef struct { long long quot; long long rem; } lldiv_t;
void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
double atof(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
double strtod(const char *s, char **end);
float strtof(const char *s, char **end);
int abs(int x);
long labs(long x);
long long llabs(long long x);
div_t div(int a, int b);
ldiv_t ldiv(long a, long b);
lldiv_t lldiv(long long a, long long b);
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void qsort_r(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *arg);
void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
int rand(void);
void srand(unsigned seed);
int rand_r(unsigned *seed);
long random(void);
void srandom(unsigned seed);
double drand48(void);
long lrand48(void);
long mrand48(void);
double erand48(unsigned short x[3]);
long nrand48(unsigned short x[3]);
long jrand48(unsigned short x[3]);
void srand48(long seed);
char *initstate(unsigned seed, char *state, size_t n);
char *setstate(char *state);
struct random_data { int *fptr; int *rptr; int *state; int rand_type; int rand_deg; int rand_sep; int *end_ptr; };
int random_r(struct random_data *buf, int *result);
int srandom_r(unsigned seed, struct random_data *buf);
int initstate_r(unsigned seed, char *state, size_t n, struct random_data *buf);
int setstate_r(char *state, struct random_data *buf);
#endif
`,
  'libgen.h': `#ifndef _LIBGEN_H
#define _LIBGEN_H
char *dirname(char *path);
char *__xpg_basename(char *path);
#define basename __xpg_basename
#endif
`,
  'unistd.h': `#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
pid_t fork(void);
pid_t getpid(void);
void swab(const void *from, void *to, ssize_t n);
#endif
`,
  'inttypes.h': `#ifndef _INTTYPES_H
#define _INTTYPES_H
#include <stdint.h>
#define PRId64 "ld"
#define PRIu64 "lu"
#define PRIx64 "lx"
#define PRIdMAX "ld"
#define PRIuMAX "lu"
intmax_t strtoimax(const char *s, char **end, int base);
uintmax_t strtoumax(const char *s, char **end, int base);
#endif
`
}
