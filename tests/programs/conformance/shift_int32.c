#include <stdio.h>
int main(void) {
    int x = 1;
    for (int i = 0; i < 31; i += 5) printf("%d ", x << i);
    printf("\n");
    unsigned u = 0x80000000u;
    for (int i = 0; i < 32; i += 8) printf("%u ", u >> i);
    printf("\n");
    int neg = -1024;
    for (int i = 0; i < 12; i += 3) printf("%d ", neg >> i);
    printf("\n");
    unsigned char c = 0x81;
    printf("%d %d\n", c << 1, (unsigned char)(c << 1));
    long one = 1;
    printf("%ld\n", one << 40);
    return 0;
}
