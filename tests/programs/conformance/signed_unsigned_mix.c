#include <stdio.h>
int main(void) {
    int i = -3;
    unsigned int u = 2;
    printf("%u %d\n", i + u, (int)(i + u));
    printf("%d\n", i * (int)u);
    printf("%u\n", i * u);
    long l = -3;
    printf("%ld\n", l + u);
    unsigned long ul = 2;
    printf("%lu\n", l + ul);
    printf("%d\n", -1 > 0u);
    printf("%d\n", -1L > 0u);
    printf("%d\n", -1 < (unsigned char)1);
    short s = -1; unsigned short us = 1;
    printf("%d\n", s < us);
    printf("%lld\n", -5LL / 2U);
    printf("%lld\n", (long long)(-5 / 2U));
    printf("%d %d\n", -7 % 3, 7 % -3);
    printf("%u\n", (unsigned)-7 % 3);
    return 0;
}
