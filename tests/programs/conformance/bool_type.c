#include <stdio.h>
#include <stdbool.h>
int main(void) {
    bool a = 5;
    bool b = 0.5;
    bool c = 0;
    _Bool d = (void *)0 == 0;
    printf("%d %d %d %d\n", a, b, c, d);
    a = a + 1;
    printf("%d\n", a);
    bool flags[4] = {true, false, 2, -1};
    int sum = 0;
    for (int i = 0; i < 4; i++) sum += flags[i];
    printf("%d\n", sum);
    printf("%d\n", true + true);
    return 0;
}
