#include <stdio.h>
#include <stdarg.h>
static int logf_(const char *prefix, const char *fmt, ...) {
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    printf("[%s] %s (%d)\n", prefix, buf, n);
    return n;
}
static void twice(const char *fmt, ...) {
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    vprintf(fmt, ap);
    vprintf(fmt, aq);
    va_end(aq);
    va_end(ap);
}
int main(void) {
    logf_("info", "x=%d y=%s z=%.2f", 42, "hello", 3.14159);
    logf_("warn", "%5ld|%-5c|%x", 123456789012L, 'q', 0xbeef);
    twice("%s-%d\n", "again", 7);
    return 0;
}
