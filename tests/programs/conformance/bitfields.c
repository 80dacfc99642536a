#include <stdio.h>
struct flags { unsigned a : 1; unsigned b : 3; unsigned c : 4; int d : 5; };
struct mixed { char x; int f : 7; int g : 20; char y; };
struct big { unsigned long lo : 40; unsigned long hi : 24; };
int main(void) {
    struct flags f = {0};
    f.a = 1; f.b = 5; f.c = 12; f.d = -3;
    printf("%zu %u %u %u %d\n", sizeof f, f.a, f.b, f.c, f.d);
    f.b = 9;
    printf("%u\n", f.b);
    f.d = 15; f.d++;
    printf("%d\n", f.d);
    struct mixed m = {1, -5, 100000, 2};
    printf("%zu %d %d %d %d\n", sizeof m, m.x, m.f, m.g, m.y);
    struct big b;
    b.lo = 0xFFFFFFFFFFul; b.hi = 0xABCDEF;
    printf("%zu %lx %lx\n", sizeof b, (unsigned long)b.lo, (unsigned long)b.hi);
    unsigned char raw[4];
    struct flags g = {1, 2, 3, 4};
    __builtin_memcpy(raw, &g, 4);
    printf("%02x %02x\n", raw[0], raw[1]);
    return 0;
}
