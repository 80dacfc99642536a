#include <stdio.h>
#include <stdarg.h>
static int sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
static double avg(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s / n;
}
static long mixed(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    long total = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p == 'i') total += va_arg(ap, int);
        else if (*p == 'l') total += va_arg(ap, long);
        else if (*p == 'c') total += va_arg(ap, int);
        else if (*p == 's') { const char *str = va_arg(ap, char *); total += str[0]; }
        else if (*p == 'd') total += (long)va_arg(ap, double);
    }
    va_end(ap);
    return total;
}
int main(void) {
    printf("%d\n", sum(4, 1, 2, 3, 4));
    printf("%d\n", sum(0));
    printf("%.3f\n", avg(3, 1.0, 2.5, 4.0));
    printf("%ld\n", mixed("ilcsd", -5, 10000000000L, 'A', "x", 2.9));
    char c = 'z'; short s = -2; float f = 1.5f;
    printf("%d\n", sum(2, c, s));
    printf("%.2f\n", avg(1, f));
    return 0;
}
