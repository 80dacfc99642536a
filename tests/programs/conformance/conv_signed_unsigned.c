#include <stdio.h>
int main(void) {
    int n = -1;
    unsigned u = n;
    unsigned long ul = n;
    unsigned short us = n;
    unsigned char uc = n;
    printf("%u %lu %u %u\n", u, ul, us, uc);
    long l = 4294967296L + 5;
    int t = (int)l;
    printf("%d\n", t);
    unsigned int big = 4000000000u;
    int s = (int)big;
    printf("%d\n", s);
    short sh = (short)70000;
    printf("%d\n", sh);
    signed char sc = (signed char)300;
    printf("%d\n", sc);
    long long ll = (long long)-1 * 2;
    unsigned long long ull = (unsigned long long)ll;
    printf("%llu %lld\n", ull, (long long)ull);
    printf("%d\n", (int)3.99);
    printf("%d\n", (int)-3.99);
    printf("%u\n", (unsigned)2.5e9);
    printf("%ld\n", (long)1e15);
    return 0;
}
