/*
 * linux/types.h - the kernel's fixed-width types for the user ABI
 * (include/uapi/asm-generic/int-ll64.h): note that __u64 is
 * unsigned long long, not unsigned long like uint64_t.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;

/* byte-order annotated types (sparse checks them in the kernel) */
typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u16 __sum16;
typedef __u32 __wsum;

#define __aligned_u64 __u64 __attribute__((aligned(8)))

typedef unsigned __poll_t;

/* from linux/posix_types.h */
typedef long long __kernel_time64_t;

#endif /* _LINUX_TYPES_H */
