#include <stdio.h>
#include <stdint.h>
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PM_SOFT_DIRTY (1ULL << 55)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_FILE (1ULL << 61)
#define PM_SWAP (1ULL << 62)
#define PM_PRESENT (1ULL << 63)
static void decode(uint64_t e) {
    printf("%016llx present=%d swap=%d file=%d excl=%d sd=%d pfn=%llu\n",
           (unsigned long long)e, !!(e & PM_PRESENT), !!(e & PM_SWAP), !!(e & PM_FILE),
           !!(e & PM_MMAP_EXCLUSIVE), !!(e & PM_SOFT_DIRTY), (unsigned long long)(e & PM_PFN_MASK));
}
int main(void) {
    uint64_t entries[] = { 0x8100000000123456ULL, 0x0ULL, 0xa000000000000001ULL, PM_PRESENT | PM_SWAP | 42, 0xffffffffffffffffULL };
    for (int i = 0; i < 5; i++) decode(entries[i]);
    uint64_t vaddr = 0x7ffd12345678ULL;
    printf("index=%llu offset=%llu\n", (unsigned long long)(vaddr / 4096), (unsigned long long)(vaddr / 4096 * sizeof(uint64_t)));
    return 0;
}
