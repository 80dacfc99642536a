/* sys/types.h - data types, as glibc on Linux x86-64. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <bits/types.h>

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
#include <bits/stdint-intn.h>
#include <endian.h>
typedef unsigned char u_int8_t;
typedef unsigned short u_int16_t;
typedef unsigned int u_int32_t;
typedef unsigned long u_int64_t;

#endif /* _SYS_TYPES_H */
