/*
 * Scenario 4b (kernel-semantics.md §4b, userspace-api.md §1.9): register a buffer read/write,
 * fork() without ibv_fork_init, and let the parent write while the child is still alive. The NIC
 * is observed through itself: an RDMA READ of buf[0] and an RDMA WRITE to buf[1] over a loopback
 * RC QP; the child then prints what it sees.
 *
 *  - up to 5.8 (E1–E4): fork write-protects the pinned page in both; the parent's write copies,
 *    so the parent moves to a new page and the NIC keeps the old one, now the child's: the NIC
 *    reads the old value and its RDMA WRITE lands in the child.
 *  - from 5.9 (70e806e4e645 "mm: Do early cow for pinned pages during fork() for ptes"): the
 *    child gets a copy at fork, the parent keeps the pinned page writable: the NIC follows the
 *    parent, the child keeps the fork-time snapshot.
 * ibv_is_fork_initialized() is IBV_FORK_UNNEEDED only where the kernel reports copy-on-fork
 * (5.13+, 6cc9e215eb27); and ibv_fork_init() after a registration is EINVAL there ("too late"),
 * a no-op returning 0 where the kernel copies on fork (rdma-core ≥ v52).
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
	int r = ibv_fork_init();
	printf("ibv_fork_init() after registering: %s\n", r ? strerror(r) : "0");
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
