#include <stdio.h>
struct p { int x, y; };
static int sum(const int *a, int n) { int s = 0; while (n--) s += *a++; return s; }
static int dot(struct p a, struct p b) { return a.x * b.x + a.y * b.y; }
int main(void) {
    printf("%d\n", sum((int[]){1, 2, 3, 4}, 4));
    printf("%d\n", dot((struct p){1, 2}, (struct p){3, 4}));
    struct p *pp = &(struct p){5, 6};
    pp->x += 10;
    printf("%d %d\n", pp->x, pp->y);
    int *arr = (int[3]){0};
    arr[1] = 9;
    printf("%d %d %d\n", arr[0], arr[1], arr[2]);
    const char *s = (const char[]){'o', 'k', 0};
    printf("%s\n", s);
    return 0;
}
