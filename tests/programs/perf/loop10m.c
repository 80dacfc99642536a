#include <stdio.h>
int main(void) {
    unsigned int h = 0;
    int acc = 0;
    for (int i = 0; i < 10000000; i++) {
        acc += i * 3 + (i >> 2);
        h = h * 31u + (unsigned)i;
    }
    printf("%d %u\n", acc, h);
    return 0;
}
