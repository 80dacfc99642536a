/*
 * signal.h - signal handling, as glibc on Linux x86-64.
 *
 * Signal numbers are the kernel's (arch/x86/include/uapi/asm/signal.h).
 * A SIGSEGV from a bad pointer or a write to a read-only page carries the
 * faulting address in si_addr and SEGV_MAPERR/SEGV_ACCERR in si_code.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <bits/types.h>
#include <unistd.h>	/* as glibc's, for sysconf(_SC_SIGSTKSZ) */

typedef int sig_atomic_t;
typedef void (*__sighandler_t)(int);
typedef __sighandler_t sighandler_t;

#define SIG_ERR ((__sighandler_t)-1)
#define SIG_DFL ((__sighandler_t)0)
#define SIG_IGN ((__sighandler_t)1)

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPOLL SIGIO
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 65
#define _NSIG 65

/* glibc reserves the first real-time signals for itself: SIGRTMIN is 34. */
extern int __libc_current_sigrtmin(void);
extern int __libc_current_sigrtmax(void);
#define SIGRTMIN (__libc_current_sigrtmin())
#define SIGRTMAX (__libc_current_sigrtmax())

/* sigaction() flags */
#define SA_NOCLDSTOP 1
#define SA_NOCLDWAIT 2
#define SA_SIGINFO 4
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_NOMASK SA_NODEFER
#define SA_ONESHOT SA_RESETHAND
#define SA_STACK SA_ONSTACK

/* sigprocmask() how */
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

union sigval {
	int sival_int;
	void *sival_ptr;
};
typedef union sigval sigval_t;

/* siginfo_t: 128 bytes.  Only the members a teaching program reads are
   spelled out; the field macros below reach them as glibc's do. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad0;
	union {
		int _pad[28];
		struct {
			pid_t si_pid;
			uid_t si_uid;
		} _kill;
		struct {
			int si_tid;
			int si_overrun;
			union sigval si_sigval;
		} _timer;
		struct {
			pid_t si_pid;
			uid_t si_uid;
			union sigval si_sigval;
		} _rt;
		struct {
			pid_t si_pid;
			uid_t si_uid;
			int si_status;
			clock_t si_utime;
			clock_t si_stime;
		} _sigchld;
		struct {
			void *si_addr;		/* SIGSEGV, SIGBUS: the faulting address */
			short si_addr_lsb;
			union {
				struct {
					void *_lower;
					void *_upper;
				} _addr_bnd;
				unsigned int _pkey;
			} _bounds;
		} _sigfault;
		struct {
			long si_band;
			int si_fd;
		} _sigpoll;
		struct {
			void *_call_addr;
			int _syscall;
			unsigned int _arch;
		} _sigsys;
	} _sifields;
} siginfo_t;

#define si_pid _sifields._kill.si_pid
#define si_uid _sifields._kill.si_uid
#define si_timerid _sifields._timer.si_tid
#define si_overrun _sifields._timer.si_overrun
#define si_status _sifields._sigchld.si_status
#define si_utime _sifields._sigchld.si_utime
#define si_stime _sifields._sigchld.si_stime
#define si_value _sifields._rt.si_sigval
#define si_int _sifields._rt.si_sigval.sival_int
#define si_ptr _sifields._rt.si_sigval.sival_ptr
#define si_addr _sifields._sigfault.si_addr
#define si_addr_lsb _sifields._sigfault.si_addr_lsb
#define si_band _sifields._sigpoll.si_band
#define si_fd _sifields._sigpoll.si_fd

/* si_code values */
#define SI_ASYNCNL -60
#define SI_TKILL -6
#define SI_SIGIO -5
#define SI_ASYNCIO -4
#define SI_MESGQ -3
#define SI_TIMER -2
#define SI_QUEUE -1
#define SI_USER 0
#define SI_KERNEL 0x80
#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8
#define SEGV_MAPERR 1	/* address not mapped */
#define SEGV_ACCERR 2	/* invalid permissions for mapped object */
#define SEGV_BNDERR 3
#define SEGV_PKUERR 4
#define BUS_ADRALN 1
#define BUS_ADRERR 2	/* e.g. a file mapping touched past end of file */
#define BUS_OBJERR 3
#define BUS_MCEERR_AR 4
#define BUS_MCEERR_AO 5
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

struct sigaction {
	union {
		__sighandler_t sa_handler;
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sigaction_handler;
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};
#define sa_handler __sigaction_handler.sa_handler
#define sa_sigaction __sigaction_handler.sa_sigaction

typedef struct {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;
#define SS_ONSTACK 1
#define SS_DISABLE 2

extern __sighandler_t signal(int signum, __sighandler_t handler);
extern int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact);
extern int kill(pid_t pid, int sig);
extern int killpg(int pgrp, int sig);
extern int raise(int sig);
extern int sigemptyset(sigset_t *set);
extern int sigfillset(sigset_t *set);
extern int sigaddset(sigset_t *set, int signum);
extern int sigdelset(sigset_t *set, int signum);
extern int sigismember(const sigset_t *set, int signum);
extern int sigprocmask(int how, const sigset_t *set, sigset_t *oldset);
extern int sigpending(sigset_t *set);
extern int sigsuspend(const sigset_t *mask);
extern int sigwait(const sigset_t *set, int *sig);
extern int sigaltstack(const stack_t *ss, stack_t *old_ss);
extern int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset);
extern int pthread_kill(pthread_t thread, int sig);
extern void psignal(int sig, const char *s);
extern void psiginfo(const siginfo_t *pinfo, const char *s);

#endif /* _SIGNAL_H */
