#include <stdio.h>
static void where(const char *fn, int line) { printf("%s:%d\n", fn, line); }
#define HERE() where(__func__, __LINE__)
int main(void) {
    HERE();
    printf("%d\n", __LINE__);
#line 100
    printf("%d\n", __STDC_VERSION__ >= 199901L);
    printf("%d %d %d\n", __CHAR_BIT__, __SIZEOF_POINTER__, __SIZEOF_LONG_DOUBLE__);
    printf("%s\n", __func__);
    printf("%d\n", (int)sizeof(__SIZE_TYPE__));
    printf("%d\n", __INT_MAX__ == 2147483647);
    return 0;
}
