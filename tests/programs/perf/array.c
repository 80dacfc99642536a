#include <stdio.h>
static int a[1 << 16];
int main(void) {
    long sum = 0;
    for (int r = 0; r < 40; r++)
        for (int i = 0; i < (1 << 16); i++) { a[i] += i ^ r; sum += a[i]; }
    printf("%ld\n", sum);
    return 0;
}
