/*
 * endian.h - byte order, as glibc on x86-64 (little endian).  InfiniBand
 * puts GIDs, GUIDs and immediate data on the wire big endian: use
 * be64toh(), htonl() and friends on them.
 */
#ifndef _ENDIAN_H
#define _ENDIAN_H

#include <stdint.h>
#include <bits/byteswap.h>

#include <bits/endian.h>

#define LITTLE_ENDIAN __LITTLE_ENDIAN
#define BIG_ENDIAN __BIG_ENDIAN
#define PDP_ENDIAN __PDP_ENDIAN
#define BYTE_ORDER __BYTE_ORDER

#define htobe16(x) __bswap_16(x)
#define htole16(x) ((uint16_t)(x))
#define be16toh(x) __bswap_16(x)
#define le16toh(x) ((uint16_t)(x))
#define htobe32(x) __bswap_32(x)
#define htole32(x) ((uint32_t)(x))
#define be32toh(x) __bswap_32(x)
#define le32toh(x) ((uint32_t)(x))
#define htobe64(x) __bswap_64(x)
#define htole64(x) ((uint64_t)(x))
#define be64toh(x) __bswap_64(x)
#define le64toh(x) ((uint64_t)(x))

#endif /* _ENDIAN_H */
