/*
 * bits/waitstatus.h - decoding a wait status (shared by <sys/wait.h> and
 * <stdlib.h>, where glibc also offers them for system()'s result).
 *
 * The status word: exit status in bits 8..15, terminating signal in bits
 * 0..6, core-dump flag 0x80, 0x7f in the low byte for a stopped child.
 */
#ifndef _BITS_WAITSTATUS_H
#define _BITS_WAITSTATUS_H

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

#define WEXITSTATUS(status) (((status) & 0xff00) >> 8)
#define WTERMSIG(status) ((status) & 0x7f)
#define WSTOPSIG(status) WEXITSTATUS(status)
#define WIFEXITED(status) (WTERMSIG(status) == 0)
#define WIFSIGNALED(status) (((signed char)(((status) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(status) (((status) & 0xff) == 0x7f)
#define WIFCONTINUED(status) ((status) == 0xffff)
#define WCOREDUMP(status) ((status) & 0x80)

#endif /* _BITS_WAITSTATUS_H */
