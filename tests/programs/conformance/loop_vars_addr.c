#include <stdio.h>
static void inc(int *p) { (*p)++; }
int main(void) {
    int *ptrs[3];
    int total = 0;
    for (int i = 0; i < 3; i++) {
        int local = i * 10;
        inc(&local);
        total += local;
        ptrs[i] = &local;
    }
    printf("%d\n", total);
    int x = 0;
    for (int *p = &x; *p < 5; inc(p)) ;
    printf("%d\n", x);
    int sum = 0;
    for (int i = 0, j = 10; i < j; i++, j--) { int *pi = &i; sum += *pi * j; }
    printf("%d\n", sum);
    return 0;
}
