#include <stdio.h>
int foo = 1, bar = 2, AA = 5, BB = 6, g = 4;
#define foo foo + 1
#define bar(x) x * bar
#define AA BB
#define BB AA
#define f(a) a * g
#define g(a) f(a)
int main(void) {
    printf("%d\n", foo);
    printf("%d\n", bar(3));
    printf("%d %d\n", AA, BB);
    int (*fp)(const char *, ...) = printf;
#define printf(...) fp(__VA_ARGS__)
    printf("%d\n", 7);
#undef printf
    printf("%d\n", f(2)(9));
    return 0;
}
