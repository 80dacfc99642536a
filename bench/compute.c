/* bench/compute.c — c_compute: 10 million iterations of integer arithmetic, run both in PinLab's
 * C runtime and natively (gcc -O0) so the benchmark reports the ratio. Prints the checksum so
 * neither side can skip the work. */
#include <stdio.h>

int main(void) {
	unsigned int x = 12345;
	long sum = 0;
	for (int i = 0; i < 10000000; i++) {
		x = x * 1103515245u + 12345u;
		sum += (x >> 16) % 7;
	}
	printf("%ld\n", sum);
	return 0;
}
