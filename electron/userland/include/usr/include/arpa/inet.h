/* arpa/inet.h - byte order conversion and address text, as glibc on x86-64. */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <stdint.h>
#include <bits/types.h>
#include <sys/types.h>

#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 10
#define INET_ADDRSTRLEN 16
#define INET6_ADDRSTRLEN 46

typedef uint32_t in_addr_t;
typedef uint16_t in_port_t;

struct in_addr {
	in_addr_t s_addr;
};

extern uint32_t htonl(uint32_t hostlong);
extern uint16_t htons(uint16_t hostshort);
extern uint32_t ntohl(uint32_t netlong);
extern uint16_t ntohs(uint16_t netshort);
extern int inet_pton(int af, const char *src, void *dst);
extern const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
extern in_addr_t inet_addr(const char *cp);

#endif /* _ARPA_INET_H */
