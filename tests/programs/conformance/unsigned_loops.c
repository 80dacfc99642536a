#include <stdio.h>
#include <stddef.h>
int main(void) {
    unsigned char c = 0;
    int n = 0;
    do { n++; } while (++c != 0);
    printf("%d\n", n);
    size_t len = 5;
    for (size_t i = len; i-- > 0; ) printf("%zu", i);
    printf("\n");
    unsigned short s = 65530;
    while (s != 3) s++;
    printf("%u\n", s);
    unsigned u = 10;
    printf("%u\n", u - 11 > u);
    return 0;
}
