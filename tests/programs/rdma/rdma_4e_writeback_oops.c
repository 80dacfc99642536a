/*
 * Scenario 4e steps 1-4 with the NIC as the device (kernel-semantics.md §2.7, §2.8, 4e): the
 * "set_page_dirty() oops" Jason Gunthorpe saw with RDMA.
 *  1. ibv_reg_mr(LOCAL_WRITE|REMOTE_WRITE) on a MAP_SHARED ext4 page: GUP write fault →
 *     page_mkwrite attaches buffers and dirties the page, then the pin;
 *  2. the program unmaps, fsync() writes the page back (clean), drop_caches strips the buffers of
 *     the clean, unmapped page it cannot free (before 5.18: e41c81d0d30e era,
 *     invalidateRefcountCheck, later kernels keep a referenced page whole);
 *  3. an RDMA WRITE puts "NIC!" into the page: no fault, no page_mkwrite, the file system
 *     does not know;
 *  4. ibv_dereg_mr: ib_umem_release dirties the page (set_page_dirty_lock) and unpins; the next
 *     fsync finds a dirty page without buffers:
 *     - 3.11-5.17 (ext4NoBuffersBug): "kernel BUG at fs/ext4/inode.c" — the process doing
 *       fsync dies (SIGSEGV, like an oopsing task), the disk keeps the old bytes;
 *     - before 3.11: ext4 writeback attaches buffers itself and writes the page;
 *     - 5.18-6.4: the page kept its buffers, the NIC's bytes reach the disk;
 *     - 6.5+ (8ac268436e6d): step 1 fails, ibv_reg_mr returns EFAULT.
 * A child process does the steps so the parent can report how it ended and read the disk back
 * (O_DIRECT, past the page cache). PinLab-only: no RDMA device natively.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "rdma_loopback.h"

static void drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "1", 1) != 1)
		printf("drop_caches: %s\n", strerror(errno));
	if (fd >= 0)
		close(fd);
}

static int device_writes_file(void)
{
	struct lb l;
	if (lb_open(&l))
		return 1;
	char *src = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ibv_mr *smr = ibv_reg_mr(l.pd, src, 4096, IBV_ACCESS_LOCAL_WRITE);
	int fd = open("4e-oops", O_RDWR);
	char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct ibv_mr *mr = ibv_reg_mr(l.pd, map, 4096, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
	if (!mr) {
		printf("1. ibv_reg_mr on the MAP_SHARED ext4 page: %s\n", strerror(errno));
		return 0;
	}
	printf("1. ibv_reg_mr on the MAP_SHARED ext4 page: registered\n");
	munmap(map, 4096);
	printf("2. fsync: %d, then drop_caches\n", fsync(fd));
	drop_caches();
	memcpy(src, "NIC!", 4);
	int st = lb_rdma(&l, IBV_WR_RDMA_WRITE, src, smr->lkey, (void *)mr->addr, mr->rkey, 4);
	printf("3. RDMA WRITE \"NIC!\": %s\n", ibv_wc_status_str(st));
	printf("4. ibv_dereg_mr: %d\n", ibv_dereg_mr(mr));
	fflush(stdout);
	printf("   fsync after the deregistration: %d\n", fsync(fd));
	return 0;
}

int main(void)
{
	char *page = aligned_alloc(4096, 4096);
	memset(page, 'A', 4096);
	int fd = open("4e-oops", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, page, 4096);
	fsync(fd);
	close(fd);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0)
		return device_writes_file();
	int status;
	waitpid(child, &status, 0);
	if (WIFSIGNALED(status))
		printf("the process was killed by signal %d\n", WTERMSIG(status));
	else
		printf("the process exited %d\n", WEXITSTATUS(status));
	fflush(stdout);
	system("dmesg | grep -E 'kernel BUG|EXT4-fs warning|RIP:'");
	fd = open("4e-oops", O_RDONLY | O_DIRECT);
	if (pread(fd, page, 4096, 0) == 4096)
		printf("on disk: \"%.4s\"\n", page);
	close(fd);
	unlink("4e-oops");
	return 0;
}
