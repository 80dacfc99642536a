#include <stdio.h>
struct point { int x, y; };
struct rect { struct point tl, br; const char *name; };
static struct point mkpoint(int x, int y) { struct point p = {x, y}; return p; }
static int area(struct rect r) { return (r.br.x - r.tl.x) * (r.br.y - r.tl.y); }
static void grow(struct rect *r, int d) { r->br.x += d; r->br.y += d; }
int main(void) {
    struct rect r = {{1, 2}, {5, 7}, "box"};
    printf("%s %d\n", r.name, area(r));
    grow(&r, 3);
    printf("%d %d %d\n", r.br.x, r.br.y, area(r));
    struct rect copy = r;
    copy.tl = mkpoint(0, 0);
    printf("%d %d %d\n", area(copy), area(r), copy.tl.x);
    struct point pts[3] = {{1, 1}, {2, 4}, {3, 9}};
    int s = 0;
    for (int i = 0; i < 3; i++) s += pts[i].x * pts[i].y;
    printf("%d\n", s);
    struct point *pp = pts;
    pp++;
    printf("%d %d\n", pp->x, (pp + 1)->y);
    printf("%d\n", mkpoint(3, 4).y);
    struct point a = {1, 2}, b;
    b = a;
    b.x = 9;
    printf("%d %d %d %d\n", a.x, a.y, b.x, b.y);
    return 0;
}
