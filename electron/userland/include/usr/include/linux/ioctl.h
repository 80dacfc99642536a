/* linux/ioctl.h - the _IO/_IOR/_IOW/_IOWR macros. */
#ifndef _LINUX_IOCTL_H
#define _LINUX_IOCTL_H

#include <asm-generic/ioctl.h>

#endif /* _LINUX_IOCTL_H */
