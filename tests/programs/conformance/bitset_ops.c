#include <stdio.h>
#include <stdint.h>
#define WORDS 4
typedef struct { uint64_t w[WORDS]; } bitset;
static void set(bitset *b, int i) { b->w[i / 64] |= 1ULL << (i % 64); }
static int test(const bitset *b, int i) { return (b->w[i / 64] >> (i % 64)) & 1; }
static void clear(bitset *b, int i) { b->w[i / 64] &= ~(1ULL << (i % 64)); }
int main(void) {
    bitset b = {{0}};
    for (int i = 0; i < 256; i += 3) set(&b, i);
    clear(&b, 63);
    int n = 0;
    for (int i = 0; i < 256; i++) n += test(&b, i);
    printf("%d\n", n);
    for (int i = 0; i < WORDS; i++) printf("%016llx\n", (unsigned long long)b.w[i]);
    printf("%d %d %d\n", test(&b, 0), test(&b, 63), test(&b, 255));
    return 0;
}
