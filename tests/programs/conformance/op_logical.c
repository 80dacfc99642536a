#include <stdio.h>
static int calls;
static int t(int v) { calls++; return v; }
int main(void) {
    printf("%d %d %d %d\n", 1 && 2, 0 && t(1), 1 || t(1), 0 || 0);
    printf("calls=%d\n", calls);
    printf("%d %d %d\n", !0, !5, !!7);
    int x = 0;
    if (t(0) && t(1)) x = 1; else x = 2;
    printf("x=%d calls=%d\n", x, calls);
    if (t(1) || t(0)) x = 3;
    printf("x=%d calls=%d\n", x, calls);
    printf("%d\n", (t(2) > 1) && (t(3) < 4) || t(0));
    printf("calls=%d\n", calls);
    return 0;
}
