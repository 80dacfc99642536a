/* byteswap.h - bswap_16/32/64, as glibc. */
#ifndef _BYTESWAP_H
#define _BYTESWAP_H

#include <bits/byteswap.h>

#define bswap_16(x) __bswap_16(x)
#define bswap_32(x) __bswap_32(x)
#define bswap_64(x) __bswap_64(x)

#endif /* _BYTESWAP_H */
