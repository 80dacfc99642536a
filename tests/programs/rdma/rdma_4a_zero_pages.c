/*
 * Scenario 4a (kernel-semantics.md §4a, Roland Dreier's 2012-02-09 mail): sixteen untouched
 * pages registered REMOTE_READ only, then the process stores buf[0] = 2012. What does the NIC
 * read? Observed through the NIC itself: an RDMA READ over a loopback RC QP into a second MR.
 *
 * Every era gives 2012, by two different mechanisms (§1.6 table, §4a):
 *  - up to 6.1 ib_umem_get takes the pages with FOLL_WRITE|FOLL_FORCE even for a read-only MR:
 *    registration write-faults 16 private pages in, the store lands in the pinned page;
 *  - from 6.2 (b40656aa7d55 "RDMA/umem: remove FOLL_FORCE usage") FOLL_LONGTERM alone: the pin
 *    unshares the zero page into an exclusive anon page mapped read-only, the store's write
 *    fault reuses it.
 * The side effect that does differ (§4a): a REMOTE_READ registration of a PROT_READ MAP_SHARED
 * mapping of a read-only file fails with EFAULT while ib_umem forces a write (≤ 6.1: FOLL_FORCE
 * write on a non-COW VMA, 3.15+ cda540ace6a1; on 3.2 the read-only fd has no VM_MAYWRITE) and
 * succeeds from 6.2. VmPin counts the 17 registered pages (userspace-api.md §1.3 step 5).
 * PinLab-only: this machine has no RDMA device natively.
 */
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include "rdma_loopback.h"

int main(void)
{
	struct lb l;
	if (lb_open(&l))
		return 1;
	int *buf = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int *dst = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ibv_mr *mr = ibv_reg_mr(l.pd, buf, 16 * 4096, IBV_ACCESS_REMOTE_READ);
	struct ibv_mr *dmr = ibv_reg_mr(l.pd, dst, 4096, IBV_ACCESS_LOCAL_WRITE);
	if (!mr || !dmr) {
		perror("ibv_reg_mr");
		return 1;
	}
	printf("registered 16 untouched pages REMOTE_READ, lkey == rkey: %s\n", mr->lkey == mr->rkey ? "yes" : "no");
	print_vmpin();
	buf[0] = 2012;
	int st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, buf, mr->rkey, 4);
	printf("RDMA READ: %s\n", ibv_wc_status_str(st));
	printf("the process reads buf[0] = %d, the NIC reads %d\n", buf[0], dst[0]);

	int fd = open("4a-file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char page[4096];
	memset(page, 'F', sizeof(page));
	write(fd, page, sizeof(page));
	close(fd);
	fd = open("4a-file", O_RDONLY);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	struct ibv_mr *fmr = ibv_reg_mr(l.pd, ro, 4096, IBV_ACCESS_REMOTE_READ);
	if (fmr) {
		printf("REMOTE_READ MR on a PROT_READ MAP_SHARED file mapping: registered\n");
		st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, ro, fmr->rkey, 4);
		printf("RDMA READ of it: %s, the NIC reads '%c'\n", ibv_wc_status_str(st), ((char *)dst)[0]);
		ibv_dereg_mr(fmr);
	} else {
		printf("REMOTE_READ MR on a PROT_READ MAP_SHARED file mapping: %s\n", strerror(errno));
	}
	ibv_dereg_mr(dmr);
	ibv_dereg_mr(mr);
	print_vmpin();
	ibv_destroy_qp(l.qp);
	ibv_destroy_cq(l.cq);
	ibv_dealloc_pd(l.pd);
	ibv_close_device(l.ctx);
	unlink("4a-file");
	return 0;
}
