#include <stdio.h>
struct s { unsigned a : 3; signed b : 4; unsigned c : 1; };
int main(void) {
    struct s v = {0};
    int r = (v.a = 9);
    printf("%d %u\n", r, v.a);
    v.b = 7; v.b += 2;
    printf("%d\n", v.b);
    v.c = 1; v.c++;
    printf("%u\n", v.c);
    v.a = 5;
    printf("%d %d\n", v.a * 2, v.a - 6 < 0);
    struct s arr[2] = {{1, -1, 1}, {7, -8, 0}};
    printf("%u %d %u %u %d\n", arr[0].a, arr[0].b, arr[0].c, arr[1].a, arr[1].b);
    struct s *p = &arr[1];
    p->b = p->a;
    printf("%d\n", p->b);
    return 0;
}
