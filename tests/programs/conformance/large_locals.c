#include <stdio.h>
static long fill_and_sum(int n) {
    long buf[2048];
    for (int i = 0; i < 2048; i++) buf[i] = (long)i * n;
    long s = 0;
    for (int i = 0; i < 2048; i += 7) s += buf[i];
    return s;
}
int main(void) {
    char page[8192];
    for (int i = 0; i < 8192; i++) page[i] = (char)(i * 31);
    int h = 0;
    for (int i = 0; i < 8192; i++) h = h * 7 + page[i];
    printf("%d\n", h);
    printf("%ld %ld\n", fill_and_sum(1), fill_and_sum(3));
    return 0;
}
