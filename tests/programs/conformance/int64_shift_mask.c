#include <stdio.h>
#include <stdint.h>
int main(void) {
    uint64_t entry = 0x8600000000012345ULL;
    printf("present=%lu\n", (unsigned long)((entry >> 63) & 1));
    printf("swapped=%lu\n", (unsigned long)((entry >> 62) & 1));
    printf("exclusive=%lu\n", (unsigned long)((entry >> 56) & 1));
    printf("soft-dirty=%lu\n", (unsigned long)((entry >> 55) & 1));
    printf("pfn=0x%lx\n", (unsigned long)(entry & ((1ULL << 55) - 1)));
    uint64_t m = ~0ULL;
    printf("%lx %lx %lx\n", (unsigned long)(m >> 1), (unsigned long)(m << 60), (unsigned long)(m >> 60));
    int64_t s = -0x100000000LL;
    printf("%ld %ld\n", (long)(s >> 4), (long)(s << 3));
    printf("%llx\n", 1ULL << 63);
    printf("%lld\n", (long long)(1ULL << 63));
    uint64_t x = 0x123456789abcdef0ULL;
    printf("%016llx %016llx\n", (unsigned long long)(x ^ (x >> 7)), (unsigned long long)(x & 0xff00ff00ff00ff00ULL));
    printf("%llu\n", (unsigned long long)(x % 1000000007ULL));
    printf("%llu\n", (unsigned long long)(x / 3));
    return 0;
}
