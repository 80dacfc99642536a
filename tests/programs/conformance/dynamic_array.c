#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct vec { int *data; size_t len, cap; };
static void push(struct vec *v, int x) {
    if (v->len == v->cap) { v->cap = v->cap ? v->cap * 2 : 2; v->data = realloc(v->data, v->cap * sizeof *v->data); }
    v->data[v->len++] = x;
}
int main(void) {
    struct vec v = {0};
    for (int i = 0; i < 37; i++) push(&v, i * i);
    printf("len=%zu cap=%zu last=%d\n", v.len, v.cap, v.data[v.len - 1]);
    long s = 0;
    for (size_t i = 0; i < v.len; i++) s += v.data[i];
    printf("sum=%ld\n", s);
    char *str = malloc(4);
    strcpy(str, "abc");
    str = realloc(str, 32);
    strcat(str, "defghij");
    printf("%s\n", str);
    int **rows = malloc(3 * sizeof *rows);
    for (int i = 0; i < 3; i++) { rows[i] = calloc(4, sizeof **rows); rows[i][i] = i + 1; }
    for (int i = 0; i < 3; i++) printf("%d%d%d%d\n", rows[i][0], rows[i][1], rows[i][2], rows[i][3]);
    free(str);
    return 0;
}
