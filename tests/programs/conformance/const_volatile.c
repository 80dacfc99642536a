#include <stdio.h>
static int read_only(const int *p) { return *p * 2; }
int main(void) {
    const int c = 21;
    printf("%d\n", read_only(&c));
    volatile int v = 0;
    for (int i = 0; i < 5; i++) v += i;
    printf("%d\n", v);
    const char *const msg = "const ptr to const";
    printf("%s\n", msg);
    int arr[3] = {1, 2, 3};
    int *const fixed = arr;
    fixed[1] = 20;
    printf("%d\n", arr[1]);
    const struct { int a; } s = {4};
    printf("%d\n", s.a);
    return 0;
}
