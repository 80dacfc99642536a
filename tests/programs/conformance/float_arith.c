#include <stdio.h>
int main(void) {
    float a = 16777216.0f;
    float b = a + 1.0f;
    printf("%.1f %d\n", b, a == b);
    double d = 16777216.0;
    printf("%.1f\n", d + 1.0);
    float third = 1.0f / 3.0f;
    double dthird = 1.0 / 3.0;
    printf("%.10f %.17f\n", third, dthird);
    printf("%d\n", (double)third == dthird);
    float x = 0.1f;
    float sum = 0;
    for (int i = 0; i < 10; i++) sum += x;
    printf("%.8f\n", sum);
    double ds = 0;
    for (int i = 0; i < 10; i++) ds += 0.1;
    printf("%.17f\n", ds);
    printf("%f %f\n", 7.0 / 2, (double)(7 / 2));
    printf("%d %d %ld\n", (int)2.999, (int)-2.999, (long)1e18);
    printf("%.2f\n", 5 / 2.0f);
    float big = 3.4e38f;
    printf("%e\n", big * 10.0f);
    double small = 1e-308;
    printf("%e\n", small / 1e10);
    int i = 7;
    double r = i / 2 + i / 2.0;
    printf("%.1f\n", r);
    unsigned long ul = 18446744073709551615UL;
    printf("%.1f\n", (double)ul);
    printf("%lu\n", (unsigned long)1e19);
    return 0;
}
