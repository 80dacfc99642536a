/*
 * sys/prctl.h - prctl(2) (include/uapi/linux/prctl.h). PinLab implements PR_GET_DUMPABLE and
 * PR_SET_DUMPABLE; other options fail with EINVAL.
 */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H

#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4

extern int prctl(int option, ...);

#endif
