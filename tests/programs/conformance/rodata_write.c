#include <stdio.h>
int main(void) {
    char *s = "constant";
    printf("%s\n", s);
    s[0] = 'C';
    printf("%s\n", s);
    return 0;
}
