#include <stdio.h>
#include <stdint.h>
static uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
static uint64_t rotr64(uint64_t x, int r) { return (x >> r) | (x << (64 - r)); }
static int popcount(uint64_t x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }
static uint32_t reverse(uint32_t x) { uint32_t r = 0; for (int i = 0; i < 32; i++) { r = (r << 1) | (x & 1); x >>= 1; } return r; }
static int clz32(uint32_t x) { int n = 0; if (!x) return 32; while (!(x & 0x80000000u)) { x <<= 1; n++; } return n; }
int main(void) {
    printf("%08x %08x\n", rotl32(0x12345678, 8), rotl32(0x80000001, 1));
    printf("%016llx\n", (unsigned long long)rotr64(0x0123456789abcdefULL, 12));
    printf("%d %d %d\n", popcount(0), popcount(0xffffffffffffffffULL), popcount(0x8000000000000001ULL));
    printf("%08x\n", reverse(0x1));
    printf("%d %d %d\n", clz32(1), clz32(0x00ffffff), clz32(0));
    uint64_t mask = 0;
    for (int b = 0; b < 64; b += 9) mask |= 1ULL << b;
    printf("%016llx\n", (unsigned long long)mask);
    return 0;
}
