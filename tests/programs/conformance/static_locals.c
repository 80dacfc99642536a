#include <stdio.h>
static int counter(void) { static int n = 0; return ++n; }
static const char *name(int i) { static const char *names[] = {"zero", "one", "two"}; return names[i % 3]; }
static int *addr(void) { static int x = 5; return &x; }
int main(void) {
    for (int i = 0; i < 3; i++) printf("%d ", counter());
    printf("\n%s %s\n", name(1), name(5));
    *addr() += 10;
    printf("%d\n", *addr());
    return 0;
}
