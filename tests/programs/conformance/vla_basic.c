#include <stdio.h>
#include <string.h>
static long sum(int n, const int a[n]) { long s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
static void run(int n) {
    int vals[n];
    char name[n + 1];
    for (int i = 0; i < n; i++) { vals[i] = i * i; name[i] = 'a' + i; }
    name[n] = 0;
    printf("n=%d sizeof=%zu %zu sum=%ld name=%s\n", n, sizeof vals, sizeof(name), sum(n, vals), name);
    memset(vals, 0, sizeof vals);
    printf("%ld %zu\n", sum(n, vals), sizeof(int[n]));
}
int main(void) {
    for (int n = 1; n <= 7; n += 3) run(n);
    int m = 5;
    double d[m];
    m = 100;
    printf("%zu\n", sizeof d);
    return 0;
}
