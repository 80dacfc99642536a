/*
 * libgen.h - dirname() and the POSIX basename(), as glibc.
 *
 * POSIX basename() may modify its argument (it strips trailing slashes);
 * glibc provides it as __xpg_basename and maps the name here, so that
 * <string.h>'s GNU basename() (which never modifies) is hidden by this
 * header.
 */
#ifndef _LIBGEN_H
#define _LIBGEN_H

extern char *dirname(char *path);
extern char *__xpg_basename(char *path);
#define basename __xpg_basename

#endif /* _LIBGEN_H */
