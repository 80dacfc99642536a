/*
 * bench/native.c — the same page-granular work as `pinlab bench`, done by this machine's real
 * Linux kernel, so the benchmark can report a ratio (PinLab ms / Linux ms) measured in one run.
 *
 * Prints one JSON object: {"pages": N, "results": {"anon_write_fault": ms, ...}}.
 * pin_longterm uses io_uring buffer registration (FOLL_WRITE|FOLL_LONGTERM pins of the region,
 * io_uring/rsrc.c) because /sys/kernel/debug/gup_test is not built into distribution kernels;
 * reg_mr has no native counterpart without an RDMA device and is compared with pin_longterm.
 * c_compute is the 10-million-iteration integer loop of bench/compute.c.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <linux/io_uring.h>

static double now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The longest 1 GiB pin io_uring accepts is one iovec of at most 1 GiB (io_buffer_validate). */
static double pin_longterm(char *p, size_t len) {
	struct io_uring_params params;
	memset(&params, 0, sizeof params);
	int fd = syscall(__NR_io_uring_setup, 4, &params);
	if (fd < 0) return -1;
	struct iovec iov = { p, len };
	double t0 = now_ms();
	if (syscall(__NR_io_uring_register, fd, IORING_REGISTER_BUFFERS, &iov, 1) < 0) { close(fd); return -1; }
	if (syscall(__NR_io_uring_register, fd, IORING_UNREGISTER_BUFFERS, NULL, 0) < 0) { close(fd); return -1; }
	double t1 = now_ms();
	close(fd);
	return t1 - t0;
}

int main(int argc, char **argv) {
	size_t pages = argc > 1 ? strtoul(argv[1], NULL, 0) : 262144;
	size_t len = pages * 4096;
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MEMLOCK, &unlimited);
	double t0, t1;

	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) { perror("mmap"); return 1; }
	t0 = now_ms();
	for (size_t i = 0; i < pages; i++) p[i * 4096] = 1;
	double write_fault = now_ms() - t0;

	char *z = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile char sink = 0;
	t0 = now_ms();
	for (size_t i = 0; i < pages; i++) sink += z[i * 4096];
	double read_zero = now_ms() - t0;
	munmap(z, len);

	int ready[2];
	if (pipe(ready) < 0) return 1;
	t0 = now_ms();
	pid_t child = fork();
	if (child == 0) { pause(); _exit(0); }
	double fork_ms = now_ms() - t0;

	t0 = now_ms();
	for (size_t i = 0; i < pages; i++) p[i * 4096] = 2;
	double cow = now_ms() - t0;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	t0 = now_ms();
	mprotect(p, len, PROT_READ);
	mprotect(p, len, PROT_READ | PROT_WRITE);
	double mprot = now_ms() - t0;

	double pin = pin_longterm(p, len);

	t0 = now_ms();
	munmap(p, len);
	double unmap = now_ms() - t0;
	(void)t1;

	printf("{\"pages\": %zu, \"results\": {\"anon_write_fault\": %.3f, \"anon_read_fault_zero\": %.3f, \"fork\": %.3f, "
	       "\"cow_copy\": %.3f, \"mprotect\": %.3f, \"munmap\": %.3f, \"pin_longterm\": %.3f}}\n",
	       pages, write_fault, read_zero, fork_ms, cow, mprot, unmap, pin);
	return 0;
}
