#include <stdio.h>
int main(void) {
    const char *s = "hello";
    printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s] [%-10.4s]\n", s, s, s, s, s, s);
    printf("[%c] [%3c] [%-3c] [%c]\n", 'x', 'y', 'z', 65);
    printf("[%s]\n", (char *)0);
    printf("[%.3s] [%10s]\n", (char *)0, (char *)0);
    printf("[%p] [%10p] [%-10p|]\n", (void *)0, (void *)0, (void *)0);
    printf("[%p] [%20p] [%-20p|]\n", (void *)0x1234, (void *)0xdeadbeef, (void *)0x7ffd0000);
    printf("[%.0s] [%s]\n", "gone", "");
    int n1 = 0, n2 = 0;
    printf("abc%n defg%n\n", &n1, &n2);
    printf("%d %d\n", n1, n2);
    printf("%s%s%s\n", "a", "b", "c");
    printf("tab\there\\back \"q\" \x41\101\n");
    return 0;
}
