#include <stdio.h>
int main(void) {
    unsigned char uc = 0;
    printf("%d\n", ~uc);
    printf("%u\n", (unsigned)~uc);
    unsigned short us = 0xffff;
    printf("%d\n", us << 16 < 0);
    printf("%u\n", (unsigned)-1 >> 31);
    long neg = -1000;
    printf("%ld %ld\n", neg >> 3, neg / 8);
    signed char sc = -128;
    printf("%d %d\n", -sc, (signed char)-sc);
    printf("%d\n", (char)0x80 >> 1);
    int i = 0x7fffffff;
    printf("%u\n", (unsigned)i + 1u);
    printf("%ld\n", (long)i + 1);
    printf("%d\n", 'a' * 2);
    unsigned int big = 0xffffffff;
    unsigned long wide = big + 1;
    unsigned long wide2 = big + 1UL;
    printf("%lu %lu\n", wide, wide2);
    printf("%d\n", (short)-1 == (unsigned short)-1);
    printf("%d\n", (int)(unsigned char)200 + (int)(signed char)200);
    return 0;
}
