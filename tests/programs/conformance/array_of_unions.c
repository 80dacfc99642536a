#include <stdio.h>
#include <stdint.h>
union cell { int32_t i; float f; uint8_t b[4]; };
int main(void) {
    union cell cells[3];
    cells[0].i = -1;
    cells[1].f = 0.5f;
    cells[2].i = 0;
    cells[2].b[3] = 0x40;
    for (int i = 0; i < 3; i++) printf("%08x %g\n", (unsigned)cells[i].i, cells[i].f);
    printf("%zu\n", sizeof cells);
    return 0;
}
