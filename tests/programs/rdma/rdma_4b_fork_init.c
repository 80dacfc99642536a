/*
 * Scenario 4b with ibv_fork_init() (kernel-semantics.md §4b, userspace-api.md §1.9): fork
 * support is turned on before anything is registered, then the same steps as rdma_4b_fork.c.
 *
 *  - up to 5.10 (no copy-on-fork attribute: 6cc9e215eb27 is 5.13): ibv_fork_init() enables range
 *    tracking (IBV_FORK_ENABLED); every registration MADV_DONTFORKs its pages, so the child has
 *    no mapping there (touching it is SIGSEGV) and the parent's pinned PTE is never
 *    write-protected: the NIC follows the parent, on every era, 3.2 included.
 *  - from 5.13 the kernel copies pinned pages at fork and says so: ibv_fork_init() is a no-op
 *    returning 0 (rdma-core ≥ v52), IBV_FORK_UNNEEDED, and the child gets its fork-time copy.
 * PinLab-only: no RDMA device natively.
 */
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "rdma_loopback.h"

int main(void)
{
	struct lb l;
	int r = ibv_fork_init();
	printf("ibv_fork_init(): %s\n", r ? strerror(r) : "0");
	if (lb_open(&l))
		return 1;
	int *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int *dst = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	buf[0] = 1;
	dst[1] = 99; /* the RDMA WRITE's source, stored before fork: a parent store after fork would COW dst too (≤ 5.8) */
	struct ibv_mr *mr = ibv_reg_mr(l.pd, buf, 4096, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_WRITE);
	struct ibv_mr *dmr = ibv_reg_mr(l.pd, dst, 4096, IBV_ACCESS_LOCAL_WRITE);
	if (!mr || !dmr) {
		perror("ibv_reg_mr");
		return 1;
	}
	printf("fork status: %s\n", fork_status());
	int go[2];
	pipe(go);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);
		printf("child sees buf[0] = %d, buf[1] = %d\n", buf[0], buf[1]);
		fflush(stdout);
		_exit(0);
	}
	buf[0] = 2;
	int st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, buf, mr->rkey, 4);
	printf("parent wrote buf[0] = 2; RDMA READ (%s): the NIC reads %d\n", ibv_wc_status_str(st), dst[0]);
	st = lb_rdma(&l, IBV_WR_RDMA_WRITE, &dst[1], dmr->lkey, &buf[1], mr->rkey, 4);
	printf("RDMA WRITE 99 to buf[1] (%s): the parent sees buf[1] = %d\n", ibv_wc_status_str(st), buf[1]);
	fflush(stdout);
	write(go[1], "x", 1);
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("child killed by signal %d\n", WTERMSIG(status));
	else
		printf("child exited %d\n", WEXITSTATUS(status));
	ibv_dereg_mr(dmr);
	ibv_dereg_mr(mr);
	ibv_destroy_qp(l.qp);
	ibv_destroy_cq(l.cq);
	ibv_dealloc_pd(l.pd);
	ibv_close_device(l.ctx);
	return 0;
}
