#include <stdio.h>
#include <stdint.h>
union u { uint32_t w; uint8_t b[4]; uint16_t h[2]; };
union f { float f; uint32_t u; };
union d { double d; uint64_t u; struct { uint32_t lo, hi; } parts; };
int main(void) {
    union u x;
    x.w = 0x11223344;
    printf("%zu %02x %02x %02x %02x\n", sizeof x, x.b[0], x.b[1], x.b[2], x.b[3]);
    printf("%04x %04x\n", x.h[0], x.h[1]);
    union f y; y.f = 1.0f;
    printf("%08x\n", y.u);
    y.u = 0xc0490fdb;
    printf("%.6f\n", y.f);
    union d z; z.d = -2.5;
    printf("%016llx %08x %08x\n", (unsigned long long)z.u, z.parts.hi, z.parts.lo);
    union { char c; int i; long l; } s;
    printf("%zu\n", sizeof s);
    return 0;
}
