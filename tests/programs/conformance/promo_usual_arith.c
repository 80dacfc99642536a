#include <stdio.h>
int main(void) {
    unsigned short us = 65535;
    short s = -1;
    printf("%d\n", us * us == 4294836225u);
    printf("%d\n", s * us);
    unsigned int ui = 3000000000u;
    int i = -1;
    printf("%u\n", ui + i);
    printf("%d\n", (ui + i) > 0);
    long l = -5;
    printf("%ld\n", l + 3u);
    unsigned long long big = 1;
    printf("%llu\n", big - 2);
    printf("%zu %zu %zu\n", sizeof(1 + 1L), sizeof(1u + 1), sizeof('a'));
    printf("%zu %zu\n", sizeof(1.0f + 1), sizeof(1.0f + 1.0));
    int neg = -7;
    unsigned pos = 2;
    printf("%u\n", neg / pos);
    printf("%d\n", neg / (int)pos);
    return 0;
}
