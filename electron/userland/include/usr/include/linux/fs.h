/*
 * linux/fs.h - a few of the kernel's file-system ioctls and constants
 * (include/uapi/linux/fs.h).  BLKSSZGET gives a block device's logical
 * block size, the alignment O_DIRECT needs.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <limits.h>	/* in the kernel: <linux/limits.h> */

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define SEEK_MAX SEEK_HOLE

#define BLKROSET _IO(0x12, 93)
#define BLKROGET _IO(0x12, 94)
#define BLKGETSIZE _IO(0x12, 96)
#define BLKFLSBUF _IO(0x12, 97)
#define BLKSSZGET _IO(0x12, 104)		/* logical block size */
#define BLKBSZGET _IOR(0x12, 112, size_t)
#define BLKGETSIZE64 _IOR(0x12, 114, size_t)	/* size in bytes */
#define BLKIOMIN _IO(0x12, 120)
#define BLKIOOPT _IO(0x12, 121)
#define BLKALIGNOFF _IO(0x12, 122)
#define BLKPBSZGET _IO(0x12, 123)		/* physical block size */

#define FIBMAP _IO(0x00, 1)
#define FIGETBSZ _IO(0x00, 2)

#endif /* _LINUX_FS_H */
