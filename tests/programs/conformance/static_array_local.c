#include <stdio.h>
static const char *month(int m) {
    static const char *const names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return m >= 1 && m <= 12 ? names[m - 1] : "???";
}
static int memo_fib(int n) {
    static long memo[64];
    if (n < 2) return n;
    if (memo[n]) return (int)memo[n];
    return (int)(memo[n] = memo_fib(n - 1) + memo_fib(n - 2));
}
int main(void) {
    printf("%s %s %s\n", month(1), month(12), month(13));
    printf("%d\n", memo_fib(40));
    return 0;
}
