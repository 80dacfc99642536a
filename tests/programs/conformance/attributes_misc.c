#include <stdio.h>
struct __attribute__((packed)) packed { char c; int i; short s; };
struct aligned { char c; } __attribute__((aligned(8)));
static inline int sq(int x) { return x * x; }
__attribute__((noinline)) static int cube(int x) { return x * x * x; }
static int unused_fn(void) __attribute__((unused));
static int unused_fn(void) { return 0; }
_Static_assert(sizeof(int) == 4, "int is 4 bytes");
int main(void) {
    printf("%zu\n", sizeof(struct packed));
    printf("%d %d\n", sq(5), cube(3));
    int x __attribute__((unused)) = 1;
    printf("%d\n", __builtin_expect(x == 1, 1));
    return 0;
}
