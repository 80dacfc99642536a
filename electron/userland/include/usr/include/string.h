/*
 * string.h - string handling (C99 7.21), as glibc on Linux x86-64.
 * strerror_r is the GNU variant (returns char *), as with _GNU_SOURCE.
 */
#ifndef _STRING_H
#define _STRING_H

#include <bits/types.h>
#include <strings.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

extern void *memcpy(void *dest, const void *src, size_t n);
extern void *memmove(void *dest, const void *src, size_t n);
extern void *memset(void *s, int c, size_t n);
extern int memcmp(const void *s1, const void *s2, size_t n);
extern void *memchr(const void *s, int c, size_t n);
extern void *memrchr(const void *s, int c, size_t n);
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
extern void *mempcpy(void *dest, const void *src, size_t n);
extern void *memccpy(void *dest, const void *src, int c, size_t n);
extern void *rawmemchr(const void *s, int c);
extern void explicit_bzero(void *s, size_t n);

extern size_t strlen(const char *s);
extern size_t strnlen(const char *s, size_t maxlen);
extern char *strcpy(char *dest, const char *src);
extern char *strncpy(char *dest, const char *src, size_t n);
extern char *stpcpy(char *dest, const char *src);
extern char *stpncpy(char *dest, const char *src, size_t n);
extern char *strcat(char *dest, const char *src);
extern char *strncat(char *dest, const char *src, size_t n);
extern int strcmp(const char *s1, const char *s2);
extern int strncmp(const char *s1, const char *s2, size_t n);
extern int strcoll(const char *s1, const char *s2);
extern int strverscmp(const char *s1, const char *s2);
extern size_t strxfrm(char *dest, const char *src, size_t n);
extern char *strchr(const char *s, int c);
extern char *strrchr(const char *s, int c);
extern char *strchrnul(const char *s, int c);
extern char *strstr(const char *haystack, const char *needle);
extern char *strcasestr(const char *haystack, const char *needle);
extern size_t strspn(const char *s, const char *accept);
extern size_t strcspn(const char *s, const char *reject);
extern char *strpbrk(const char *s, const char *accept);
extern char *strtok(char *str, const char *delim);
extern char *strtok_r(char *str, const char *delim, char **saveptr);
extern char *strsep(char **stringp, const char *delim);
extern char *strdup(const char *s);
extern char *strndup(const char *s, size_t n);

extern char *strerror(int errnum);
extern char *strerror_r(int errnum, char *buf, size_t buflen);
extern const char *strerrorname_np(int errnum);
extern const char *strerrordesc_np(int errnum);
extern char *strsignal(int sig);
extern void *memfrob(void *s, size_t n);
extern char *strfry(char *string);

/* The GNU basename (never modifies its argument).  Not declared once
   <libgen.h> has mapped basename to the POSIX __xpg_basename. */
#ifndef basename
extern char *basename(const char *filename);
#endif
extern const char *sigabbrev_np(int sig);
extern const char *sigdescr_np(int sig);

#endif /* _STRING_H */
