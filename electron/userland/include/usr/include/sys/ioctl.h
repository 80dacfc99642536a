/* sys/ioctl.h - ioctl(), as glibc on Linux x86-64. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <asm-generic/ioctl.h>

/* A few terminal ioctls (include/uapi/asm-generic/ioctls.h). */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define FIOCLEX 0x5451
#define FIONCLEX 0x5450

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

extern int ioctl(int fd, unsigned long request, ...);

#endif /* _SYS_IOCTL_H */
