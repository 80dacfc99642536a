#include <stdio.h>
struct s { int a; char b[6]; double c; };
int main(void) {
    struct s x = {1, "hey", 2.5}, y, z;
    z = y = x;
    y.a = 2;
    printf("%d %s %.1f | %d %s %.1f\n", z.a, z.b, z.c, y.a, y.b, y.c);
    struct s arr[2];
    arr[1] = arr[0] = x;
    arr[0].b[0] = 'H';
    printf("%s %s\n", arr[0].b, arr[1].b);
    struct s *p = &arr[1];
    *p = z;
    printf("%d\n", p->a);
    return 0;
}
