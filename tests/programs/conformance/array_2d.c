#include <stdio.h>
int main(void) {
    int m[3][4];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            m[i][j] = i * 10 + j;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) printf("%3d", m[i][j]);
        printf("\n");
    }
    int (*row)[4] = m + 1;
    printf("%d %d\n", (*row)[2], row[1][3]);
    int *flat = &m[0][0];
    printf("%d\n", flat[7]);
    printf("%td\n", &m[2][0] - &m[0][0]);
    char grid[2][3][4];
    printf("%zu %zu %zu\n", sizeof grid, sizeof grid[0], sizeof grid[0][0]);
    int id[3][3] = {{1}, {0, 1}, {0, 0, 1}};
    for (int i = 0; i < 3; i++) printf("%d%d%d\n", id[i][0], id[i][1], id[i][2]);
    return 0;
}
