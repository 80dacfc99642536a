#include <stdio.h>
int main(void) {
    unsigned a = 0xF0F0F0F0u, b = 0x0FF00FF0u;
    printf("%08x %08x %08x %08x\n", a & b, a | b, a ^ b, ~a);
    printf("%08x %08x\n", a << 4, a >> 4);
    int n = -16;
    printf("%d %d %x\n", n >> 2, n << 2, (unsigned)n >> 28);
    printf("%d %d %d\n", 5 & 3, 5 | 3, 5 ^ 3);
    printf("%d\n", ~0);
    printf("%u\n", ~0u);
    return 0;
}
