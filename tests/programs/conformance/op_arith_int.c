#include <stdio.h>
int main(void) {
    int a = 17, b = 5, c = -17;
    printf("%d %d %d %d %d\n", a + b, a - b, a * b, a / b, a % b);
    printf("%d %d %d %d\n", c / b, c % b, a / -b, a % -b);
    printf("%d %d\n", -c, +c);
    int x = 7;
    x += 3; printf("%d\n", x);
    x -= 4; printf("%d\n", x);
    x *= 6; printf("%d\n", x);
    x /= 5; printf("%d\n", x);
    x %= 4; printf("%d\n", x);
    x <<= 5; printf("%d\n", x);
    x >>= 2; printf("%d\n", x);
    x |= 0x101; printf("%d\n", x);
    x &= 0xF0F; printf("%d\n", x);
    x ^= 0xFF; printf("%d\n", x);
    return 0;
}
