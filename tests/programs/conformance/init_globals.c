#include <stdio.h>
int gi = 42;
int gz;
double gd = 1.0 / 4;
const char *gs = "global";
char ga[] = "array";
int garr[5] = {1, 2, 3};
int *gp = &garr[2];
struct { int a; const char *s; } gst = { 7, "seven" };
static int counter;
const int table[] = { 10, 20, 30 };
const int *tp = table + 1;
long glong = -1L;
unsigned long gbig = 0xdeadbeefcafebabeUL;
int (*gfp)(const char *, ...) = printf;
static int next(void) { return ++counter; }
int main(void) {
    printf("%d %d %.2f %s %s\n", gi, gz, gd, gs, ga);
    printf("%d %d %d %d %d %d\n", garr[0], garr[1], garr[2], garr[3], garr[4], *gp);
    printf("%d %s\n", gst.a, gst.s);
    next(); next();
    printf("%d\n", counter);
    printf("%d %d %zu\n", table[2], *tp, sizeof table);
    printf("%ld %lx\n", glong, gbig);
    gfp("via pointer %d\n", 5);
    return 0;
}
