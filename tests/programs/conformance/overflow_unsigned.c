#include <stdio.h>
#include <limits.h>
int main(void) {
    unsigned int u = UINT_MAX;
    u += 1;
    printf("%u\n", u);
    u = 0; u -= 1;
    printf("%u\n", u);
    unsigned int m = 0x10000u;
    printf("%u\n", m * m);
    printf("%u\n", 3000000000u * 3u);
    unsigned short us = 65535; us += 2;
    printf("%u\n", us);
    unsigned char uc = 250; uc += 10;
    printf("%u\n", uc);
    unsigned long ul = 0; ul--;
    printf("%lu\n", ul);
    printf("%lu\n", ul * ul);
    printf("%lu\n", 0xFFFFFFFFFFFFFFFFul + 2);
    return 0;
}
