#include <stdio.h>
#include <stdint.h>
int main(void) {
    uint32_t x = 0xA1B2C3D4;
    unsigned char *b = (unsigned char *)&x;
    printf("%02x %02x %02x %02x\n", b[0], b[1], b[2], b[3]);
    b[3] = 0x11;
    printf("%08x\n", x);
    double d = 1.0;
    uint8_t *db = (uint8_t *)&d;
    for (int i = 7; i >= 0; i--) printf("%02x", db[i]);
    printf("\n");
    int arr[2] = {1, 2};
    long *as_long = (long *)arr;
    printf("%lx\n", (unsigned long)*as_long);
    uint16_t h[4] = {1, 2, 3, 4};
    uint64_t *w = (uint64_t *)h;
    printf("%016llx\n", (unsigned long long)*w);
    return 0;
}
