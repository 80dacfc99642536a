#include <stdio.h>
int main(void) {
    char c = 0;
    c += 300;
    printf("%d\n", c);
    unsigned char uc = 10;
    uc -= 20;
    printf("%d\n", uc);
    short s = 32767;
    s += 1;
    printf("%d\n", s);
    int i = 10;
    i *= 2.5;
    printf("%d\n", i);
    i /= 0.3;
    printf("%d\n", i);
    unsigned u = 7;
    u -= 10;
    printf("%u\n", u);
    long l = 1;
    l <<= 40;
    printf("%ld\n", l);
    double d = 10;
    d /= 4;
    printf("%.2f\n", d);
    float f = 1;
    f += 1e-8f;
    printf("%.10f\n", f);
    int x = 5;
    x = x++ + 1;
    printf("%d\n", x);
    return 0;
}
