/*
 * stdio.h - input and output (C99 7.19), as glibc on Linux x86-64.
 *
 * FILE is opaque here: the runtime's stdio (electron/userland/libc) keeps the
 * buffers.  Buffering follows glibc: stdout is line buffered on a terminal and
 * fully buffered otherwise, stderr is unbuffered.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <bits/types.h>

#ifndef __va_list_defined
#define __va_list_defined
typedef __builtin_va_list va_list;
typedef __builtin_va_list __gnuc_va_list;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef struct _IO_FILE FILE;
typedef struct _IO_FILE __FILE;
typedef struct {
	long __pos;
	char __state[8];
} fpos_t;

#define EOF (-1)
#define BUFSIZ 8192
#define FILENAME_MAX 4096
#define FOPEN_MAX 16
#define L_tmpnam 20
#define L_ctermid 9
#define TMP_MAX 238328
#define P_tmpdir "/tmp"

/* setvbuf modes */
#define _IOFBF 0	/* fully buffered */
#define _IOLBF 1	/* line buffered */
#define _IONBF 2	/* unbuffered */

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

extern FILE *fopen(const char *pathname, const char *mode);
extern FILE *fdopen(int fd, const char *mode);
extern FILE *freopen(const char *pathname, const char *mode, FILE *stream);
extern FILE *fmemopen(void *buf, size_t size, const char *mode);
extern FILE *tmpfile(void);
extern int fclose(FILE *stream);
extern int fflush(FILE *stream);
extern void setbuf(FILE *stream, char *buf);
extern int setvbuf(FILE *stream, char *buf, int mode, size_t size);
extern void setlinebuf(FILE *stream);

extern int printf(const char *format, ...);
extern int fprintf(FILE *stream, const char *format, ...);
extern int dprintf(int fd, const char *format, ...);
extern int sprintf(char *str, const char *format, ...);
extern int snprintf(char *str, size_t size, const char *format, ...);
extern int asprintf(char **strp, const char *format, ...);
extern int vprintf(const char *format, __builtin_va_list ap);
extern int vfprintf(FILE *stream, const char *format, __builtin_va_list ap);
extern int vdprintf(int fd, const char *format, __builtin_va_list ap);
extern int vsprintf(char *str, const char *format, __builtin_va_list ap);
extern int vsnprintf(char *str, size_t size, const char *format, __builtin_va_list ap);
extern int vasprintf(char **strp, const char *format, __builtin_va_list ap);
extern int scanf(const char *format, ...);
extern int fscanf(FILE *stream, const char *format, ...);
extern int sscanf(const char *str, const char *format, ...);
extern int vscanf(const char *format, __builtin_va_list ap);
extern int vfscanf(FILE *stream, const char *format, __builtin_va_list ap);
extern int vsscanf(const char *str, const char *format, __builtin_va_list ap);

extern int fgetc(FILE *stream);
extern int getc(FILE *stream);
extern int getchar(void);
extern int ungetc(int c, FILE *stream);
extern char *fgets(char *s, int size, FILE *stream);
extern ssize_t getline(char **lineptr, size_t *n, FILE *stream);
extern ssize_t getdelim(char **lineptr, size_t *n, int delim, FILE *stream);
extern int fputc(int c, FILE *stream);
extern int putc(int c, FILE *stream);
extern int putchar(int c);
extern int fputs(const char *s, FILE *stream);
extern int puts(const char *s);
extern size_t fread(void *ptr, size_t size, size_t nmemb, FILE *stream);
extern size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream);

extern int fseek(FILE *stream, long offset, int whence);
extern int fseeko(FILE *stream, off_t offset, int whence);
extern long ftell(FILE *stream);
extern off_t ftello(FILE *stream);
extern void rewind(FILE *stream);
extern int fgetpos(FILE *stream, fpos_t *pos);
extern int fsetpos(FILE *stream, const fpos_t *pos);
extern void clearerr(FILE *stream);
extern int feof(FILE *stream);
extern int ferror(FILE *stream);
extern int fileno(FILE *stream);

extern void perror(const char *s);
extern int remove(const char *pathname);
extern int rename(const char *oldpath, const char *newpath);
extern FILE *popen(const char *command, const char *type);
extern int pclose(FILE *stream);

#endif /* _STDIO_H */
