/*
 * Scenario 4f (kernel-semantics.md §2.11, §4f; userspace-api.md §1.10): an on-demand-paging MR.
 * Nothing is pinned (VmPin only counts the ordinary MR), the HCA faults pages in when it touches
 * them and MMU-notifier invalidations zap its translations, so it follows the process:
 *  - fork, then the parent writes: fork's PROTECTION_PAGE invalidation and the COW's CLEAR zap
 *    the device entry, the next RDMA READ faults and finds the parent's new page (no
 *    MADV_DONTFORK needed); the child keeps its fork-time copy;
 *  - munmap: UNMAP invalidation, the next access cannot be faulted in and the RDMA READ fails
 *    (IBV_WC_REM_ACCESS_ERR here; the exact status is UNVERIFIED in the reference).
 * Versions: ODP exists from 3.19 (the ODP series for mlx5); on 3.2 IBV_ACCESS_ON_DEMAND meant
 * nothing to the kernel, the MR was pinned like any other and behaves as in 4b (the NIC keeps
 * the old page, and still reads it after munmap). ibv_advise_mr (prefetch) needs the 5.0
 * ADVISE_MR command: EOPNOTSUPP on 4.19, 0 on 5.4.
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
	struct ibv_device_attr_ex ex;
	ibv_query_device_ex(l.ctx, NULL, &ex);
	printf("odp_caps: general_caps 0x%llx, rc_odp_caps 0x%x\n", (unsigned long long)ex.odp_caps.general_caps,
	       ex.odp_caps.per_transport_caps.rc_odp_caps);
	int *buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int *dst = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	buf[0] = 1;
	struct ibv_mr *mr = ibv_reg_mr(l.pd, buf, 8192, IBV_ACCESS_ON_DEMAND | IBV_ACCESS_LOCAL_WRITE |
				       IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_WRITE);
	struct ibv_mr *dmr = ibv_reg_mr(l.pd, dst, 4096, IBV_ACCESS_LOCAL_WRITE);
	if (!mr || !dmr) {
		perror("ibv_reg_mr");
		return 1;
	}
	print_vmpin();
	int st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, buf, mr->rkey, 4);
	printf("RDMA READ (%s): the NIC reads %d\n", ibv_wc_status_str(st), dst[0]);

	int go[2];
	pipe(go);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);
		printf("child sees buf[0] = %d\n", buf[0]);
		fflush(stdout);
		_exit(0);
	}
	buf[0] = 2;
	st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, buf, mr->rkey, 4);
	printf("after fork the parent wrote 2; RDMA READ (%s): the NIC reads %d\n", ibv_wc_status_str(st), dst[0]);
	fflush(stdout);
	write(go[1], "x", 1);
	waitpid(pid, NULL, 0);

	munmap(buf, 8192);
	dst[0] = -1;
	st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, buf, mr->rkey, 4);
	printf("after munmap: RDMA READ %s, dst[0] = %d\n", ibv_wc_status_str(st), dst[0]);

	char *more = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ibv_pd *pd2 = ibv_alloc_pd(l.ctx);
	struct ibv_mr *mr2 = ibv_reg_mr(pd2, more, 4096, IBV_ACCESS_ON_DEMAND | IBV_ACCESS_LOCAL_WRITE);
	struct ibv_sge sge = { (uintptr_t)more, 4096, mr2->lkey };
	int r = ibv_advise_mr(pd2, IBV_ADVISE_MR_ADVICE_PREFETCH_WRITE, IBV_ADVISE_MR_FLAG_FLUSH, &sge, 1);
	printf("ibv_advise_mr(PREFETCH_WRITE, FLUSH): %s\n", r ? strerror(r) : "0");
	return 0;
}
