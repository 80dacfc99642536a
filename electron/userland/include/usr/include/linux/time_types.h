/* linux/time_types.h - the kernel's 64-bit time types (include/uapi/linux/time_types.h). */
#ifndef _LINUX_TIME_TYPES_H
#define _LINUX_TIME_TYPES_H

#include <linux/types.h>

struct __kernel_timespec {
	__kernel_time64_t tv_sec;
	long long tv_nsec;
};

#endif /* _LINUX_TIME_TYPES_H */
