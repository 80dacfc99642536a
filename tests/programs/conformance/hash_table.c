#include <stdio.h>
#include <string.h>
#define SIZE 16
struct entry { const char *key; int value; int used; };
static struct entry table[SIZE];
static unsigned hash(const char *s) { unsigned h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h; }
static void put(const char *k, int v) {
    unsigned i = hash(k) % SIZE;
    while (table[i].used && strcmp(table[i].key, k) != 0) i = (i + 1) % SIZE;
    table[i].key = k; table[i].value = v; table[i].used = 1;
}
static int get(const char *k, int *out) {
    unsigned i = hash(k) % SIZE;
    while (table[i].used) { if (!strcmp(table[i].key, k)) { *out = table[i].value; return 1; } i = (i + 1) % SIZE; }
    return 0;
}
int main(void) {
    const char *words[] = {"pin", "gup", "cow", "fork", "mmap", "pin", "dma"};
    for (int i = 0; i < 7; i++) { int v = 0; get(words[i], &v); put(words[i], v + 1); }
    for (int i = 0; i < 7; i++) { int v; if (get(words[i], &v)) printf("%s=%d ", words[i], v); }
    printf("\n%u\n", hash("pinlab"));
    int dummy;
    printf("%d\n", get("absent", &dummy));
    return 0;
}
