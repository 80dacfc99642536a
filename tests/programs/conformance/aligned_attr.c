#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
char page_buf[4096] __attribute__((aligned(4096)));
static char small1 = 1;
__attribute__((aligned(64))) static int line_aligned[3] = {1, 2, 3};
_Alignas(32) char alignas_buf[10];
struct __attribute__((aligned(16))) s16 { char c; };
struct m { char c; int x __attribute__((aligned(16))); char d; };
struct t { char c; } __attribute__((aligned(8)));
static int check(void *p, unsigned long a) { return ((uintptr_t)p & (a - 1)) == 0; }
static int inner(int depth) {
    char local_page[4096] __attribute__((aligned(4096)));
    int lined __attribute__((aligned(128))) = depth * 10;
    _Alignas(64) long l64[2] = {5, 6};
    local_page[0] = (char)depth;
    local_page[4095] = 7;
    int ok = check(local_page, 4096) && check(&lined, 128) && check(l64, 64);
    printf("depth %d ok=%d lined=%d l64=%ld %zu %d\n", depth, ok, lined, l64[0] + l64[1], sizeof local_page, local_page[0] + local_page[4095]);
    return depth > 0 ? inner(depth - 1) : ok;
}
int main(void) {
    printf("%d %d %d %d\n", check(page_buf, 4096), check(line_aligned, 64), check(alignas_buf, 32), small1);
    printf("%zu %zu\n", sizeof(struct s16), _Alignof(struct s16));
    printf("%zu %zu %zu %zu\n", sizeof(struct m), offsetof(struct m, x), offsetof(struct m, d), _Alignof(struct m));
    printf("%zu %zu\n", sizeof(struct t), _Alignof(struct t));
    struct s16 arr[3];
    printf("%d %td\n", check(arr, 16), (char *)&arr[1] - (char *)&arr[0]);
    printf("%d %d\n", line_aligned[2], inner(2));
    return 0;
}
