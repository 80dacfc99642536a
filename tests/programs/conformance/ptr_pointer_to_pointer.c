#include <stdio.h>
static void set(int **pp, int *target) { *pp = target; }
static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
int main(void) {
    int x = 1, y = 2;
    int *p = &x;
    int **pp = &p;
    **pp = 10;
    printf("%d\n", x);
    set(pp, &y);
    *p = 20;
    printf("%d %d\n", x, y);
    swap(&x, &y);
    printf("%d %d\n", x, y);
    const char *names[] = {"alpha", "beta", "gamma", NULL};
    for (const char **n = names; *n; n++) printf("%s %c\n", *n, **n);
    int ***ppp = &pp;
    printf("%d\n", ***ppp);
    return 0;
}
