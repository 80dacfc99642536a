/* bits/byteswap.h - byte swapping, as glibc's inline functions. */
#ifndef _BITS_BYTESWAP_H
#define _BITS_BYTESWAP_H

#include <stdint.h>

static inline uint16_t __bswap_16(uint16_t x)
{
	return (uint16_t)((x >> 8) | (x << 8));
}

static inline uint32_t __bswap_32(uint32_t x)
{
	return ((x & 0xff000000u) >> 24) | ((x & 0x00ff0000u) >> 8) | ((x & 0x0000ff00u) << 8) | ((x & 0x000000ffu) << 24);
}

static inline uint64_t __bswap_64(uint64_t x)
{
	return ((uint64_t)__bswap_32((uint32_t)x) << 32) | __bswap_32((uint32_t)(x >> 32));
}

#endif /* _BITS_BYTESWAP_H */
