#include <stdio.h>
int main(void) {
    float f = 1.1f;
    double d = f;
    printf("%.15f\n", d);
    printf("%.9g\n", f);
    double pi = 3.141592653589793;
    float fp = (float)pi;
    printf("%.10f %.10f\n", pi, fp);
    long l = 123456789012345L;
    double dl = l;
    float fl = l;
    printf("%.1f %.1f\n", dl, fl);
    printf("%d\n", (char)100.7 == (char)100);
    unsigned u = 4000000000u;
    printf("%.1f\n", (double)u);
    int neg = -5;
    printf("%.1f\n", (float)neg);
    double h = 0.5;
    printf("%d %d %d\n", (int)(h + 0.5), (int)(-h - 0.5), (int)(2.5 + 0.5));
    printf("%.3f\n", 1e-3f * 1000);
    return 0;
}
