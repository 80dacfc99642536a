#include <stdio.h>
int main(void) {
    char buf[32];
    int n = sprintf(buf, "%d-%s-%.2f", 12, "ab", 1.005);
    printf("%s %d\n", buf, n);
    n = snprintf(buf, 8, "%s", "truncated string");
    printf("%s %d\n", buf, n);
    n = snprintf(buf, sizeof buf, "%08.3f|%x", -3.5, 48879);
    printf("%s %d\n", buf, n);
    n = snprintf(NULL, 0, "%d", 123456);
    printf("%d\n", n);
    char small[4];
    n = snprintf(small, sizeof small, "%d", 98765);
    printf("%s %d\n", small, n);
    return 0;
}
