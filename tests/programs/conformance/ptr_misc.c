#include <stdio.h>
#include <string.h>
int main(void) {
    int a[5] = {1, 2, 3, 4, 5};
    int *p = a + 4;
    printf("%d %d\n", p[-1], *(p - 4));
    int *q = a;
    *q++ += 10;
    *q++ *= 3;
    printf("%d %d %d\n", a[0], a[1], *q);
    char buf[16];
    char *w = buf;
    for (const char *s = "copy"; (*w++ = *s++); ) ;
    printf("%s %td\n", buf, w - buf);
    int *np = 0;
    printf("%d %d\n", !np, np == NULL);
    if (np) printf("never\n");
    void *vp = &a[2];
    printf("%d\n", *(int *)vp);
    printf("%d\n", a[(1, 3)]);
    int x = 7, *px = &x, **ppx = &px;
    **ppx = 8;
    printf("%d\n", x);
    const char *names[] = {"a", "bb", "ccc"};
    size_t total = 0;
    for (int i = 0; i < 3; i++) total += strlen(names[i]);
    printf("%zu\n", total);
    return 0;
}
