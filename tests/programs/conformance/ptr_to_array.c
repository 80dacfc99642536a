#include <stdio.h>
static int sum_rows(int (*m)[3], int rows) { int s = 0; for (int i = 0; i < rows; i++) for (int j = 0; j < 3; j++) s += m[i][j]; return s; }
int main(void) {
    int m[2][3] = {{1, 2, 3}, {4, 5, 6}};
    int (*p)[3] = m;
    printf("%d %d\n", sum_rows(m, 2), (*(p + 1))[1]);
    int a[5] = {9, 8, 7, 6, 5};
    int (*pa)[5] = &a;
    printf("%d %zu\n", (*pa)[4], sizeof *pa);
    printf("%td\n", (char *)(pa + 1) - (char *)pa);
    char *strs[3] = {"x", "yy", "zzz"};
    char **sp = strs;
    printf("%s %c\n", sp[2], sp[1][1]);
    return 0;
}
