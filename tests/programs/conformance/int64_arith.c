#include <stdio.h>
int main(void) {
    long a = 9007199254740993L;
    long b = a + 2;
    printf("%ld %ld\n", a, b);
    long m = 3037000499L;
    printf("%ld\n", m * m);
    long big = 0x7fffffffffffffffL;
    printf("%ld\n", big);
    printf("%ld\n", big / 7);
    printf("%ld\n", big % 1000);
    unsigned long u = 18446744073709551615UL;
    printf("%lu %lu\n", u / 10, u % 10);
    long n = -9000000000000000000L;
    printf("%ld %ld\n", n / 3, n % 7);
    long long p = 1;
    for (int i = 0; i < 62; i++) p *= 2;
    printf("%lld\n", p);
    printf("%lld\n", p + p - 1 + p);
    unsigned long h = 14695981039346656037UL;
    const char *s = "hello";
    while (*s) { h ^= (unsigned char)*s++; h *= 1099511628211UL; }
    printf("fnv=%016lx\n", h);
    return 0;
}
