#include <stdio.h>
#include <stdlib.h>
static long parse(const char *s, int base, const char **end) {
    long v = 0; int neg = 0;
    while (*s == ' ') s++;
    if (*s == '-' || *s == '+') neg = *s++ == '-';
    for (;; s++) {
        int d;
        if (*s >= '0' && *s <= '9') d = *s - '0';
        else if (*s >= 'a' && *s <= 'z') d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'Z') d = *s - 'A' + 10;
        else break;
        if (d >= base) break;
        v = v * base + d;
    }
    *end = s;
    return neg ? -v : v;
}
int main(void) {
    const char *e;
    printf("%ld\n", parse("  -12345xyz", 10, &e)); printf("rest=%s\n", e);
    printf("%ld\n", parse("ff", 16, &e));
    printf("%ld\n", parse("777", 8, &e));
    printf("%ld\n", parse("zz", 36, &e));
    printf("%d %ld %d\n", atoi("42"), atol("-9000000000"), atoi("  7"));
    printf("%d %ld\n", abs(-5), labs(-123456789012L));
    return 0;
}
