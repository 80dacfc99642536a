#include <stdio.h>
#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define PI 3.14159
#define EMPTY
#define CONCAT(a, b) a ## b
#define STR(x) #x
#define XSTR(x) STR(x)
#define VERSION 12
#define NAME(n) var_ ## n
#define LOG(fmt, ...) printf("log: " fmt "\n", __VA_ARGS__)
#define LOG0(fmt, ...) printf("log0: " fmt "\n", ##__VA_ARGS__)
#define COUNT_ARGS(...) COUNT_(__VA_ARGS__, 5, 4, 3, 2, 1)
#define COUNT_(a, b, c, d, e, n, ...) n
#define ADD(x, y) x + y
int main(void) {
    int NAME(one) = 1, NAME(two) = 2;
    printf("%d %d\n", SQUARE(3 + 1), MAX(7, 9));
    printf("%.5f\n", PI EMPTY);
    printf("%d\n", CONCAT(var_, one) + CONCAT(var_, two));
    printf("%s %s\n", STR(hello world), XSTR(VERSION));
    printf("%s\n", STR(a "b" c\n));
    LOG("%d + %d", 1, 2);
    LOG0("none");
    printf("%d %d\n", COUNT_ARGS(a, b), COUNT_ARGS(a, b, c, d));
    printf("%d\n", 2 * ADD(1, 2));
    printf("%s:%d\n", __FILE__ + 0 == 0 ? "?" : "file", __LINE__);
#undef MAX
#define MAX 100
    printf("%d\n", MAX);
    return 0;
}
