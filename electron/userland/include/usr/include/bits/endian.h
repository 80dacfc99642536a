/* bits/endian.h - the byte order of x86-64 (little endian), as glibc names it. */
#ifndef _BITS_ENDIAN_H
#define _BITS_ENDIAN_H

#define __LITTLE_ENDIAN 1234
#define __BIG_ENDIAN 4321
#define __PDP_ENDIAN 3412
#define __BYTE_ORDER __LITTLE_ENDIAN
#define __FLOAT_WORD_ORDER __BYTE_ORDER

#endif /* _BITS_ENDIAN_H */
