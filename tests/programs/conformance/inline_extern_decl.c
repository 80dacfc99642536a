#include <stdio.h>
int later(int);
extern int shared;
static int helper(int x);
int main(void) {
    printf("%d %d %d\n", later(4), shared, helper(2));
    return 0;
}
int shared = 77;
int later(int x) { return x * 100; }
static int helper(int x) { return x + shared; }
