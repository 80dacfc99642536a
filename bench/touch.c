/* bench/touch.c — c_touch: map N pages (argv[1], default 262144 = 1 GiB) and write one byte to
 * each, end to end in PinLab's C runtime: every store takes the write fault in the kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int main(int argc, char **argv) {
	long pages = argc > 1 ? strtol(argv[1], NULL, 0) : 262144;
	char *p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (long i = 0; i < pages; i++) p[i * 4096] = 1;
	printf("touched %ld pages\n", pages);
	return 0;
}
