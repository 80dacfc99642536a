#include <stdio.h>
struct cfg { int width, height; const char *title; int flags[4]; };
int main(void) {
    struct cfg c = { .title = "win", .height = 480, .flags = { [2] = 7 } };
    printf("%d %d %s %d %d %d %d\n", c.width, c.height, c.title, c.flags[0], c.flags[1], c.flags[2], c.flags[3]);
    int a[10] = { [3] = 3, [7] = 7, 8, [1] = 1 };
    for (int i = 0; i < 10; i++) printf("%d", a[i]);
    printf("\n");
    int b[] = { [5] = 1 };
    printf("%zu\n", sizeof b / sizeof b[0]);
    struct cfg arr[2] = { [1].width = 11, [0] = { .height = 22 } };
    printf("%d %d %d %d\n", arr[0].width, arr[0].height, arr[1].width, arr[1].height);
    struct { int x, y, z; } v = { .y = 2, 3 };
    printf("%d %d %d\n", v.x, v.y, v.z);
    return 0;
}
