/*
 * Scenario 4e (kernel-semantics.md §4e, userspace-api.md §1.3 errno table, §7 item 4): an MR on
 * a MAP_SHARED mapping of a regular (ext4) file.
 *  - writable MR: allowed up to 6.1, the pinned pages are the page cache, so an RDMA WRITE shows
 *    up in read() with no page fault and no page_mkwrite (the file system never sees it);
 *    from 6.5 GUP refuses writable long-term pins of dirty-tracked shared file mappings
 *    (8ac268436e6d "mm/gup: disallow FOLL_LONGTERM GUP-nonfast writing to file-backed
 *    mappings"): ibv_reg_mr fails with EFAULT.
 *  - read-only MR: allowed in every era (a FOLL_FORCE write fault on a writable shared VMA up
 *    to 6.1, FOLL_LONGTERM only from 6.2).
 *  - ftruncate(fd, 0) while registered: the pages leave the page cache (read() sees an empty
 *    file) but the pin keeps them alive, so the NIC keeps reading the old data (orphans).
 * The run is in the user's home directory, ext4 in PinLab. PinLab-only: no RDMA device natively.
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
	char *dst = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ibv_mr *dmr = ibv_reg_mr(l.pd, dst, 4096, IBV_ACCESS_LOCAL_WRITE);
	int fd = open("4e-file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char page[8192];
	memset(page, 'A', sizeof(page));
	write(fd, page, sizeof(page));
	char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!dmr || map == MAP_FAILED)
		return 1;

	struct ibv_mr *wmr = ibv_reg_mr(l.pd, map, 8192, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
	if (wmr) {
		printf("writable MR on the MAP_SHARED file mapping: registered\n");
		memcpy(dst, "NIC!", 4);
		int st = lb_rdma(&l, IBV_WR_RDMA_WRITE, dst, dmr->lkey, map, wmr->rkey, 4);
		char got[5] = { 0 };
		pread(fd, got, 4, 0);
		printf("RDMA WRITE \"NIC!\" (%s): read() of the file returns \"%s\"\n", ibv_wc_status_str(st), got);
		ibv_dereg_mr(wmr);
	} else {
		printf("writable MR on the MAP_SHARED file mapping: %s\n", strerror(errno));
	}

	struct ibv_mr *rmr = ibv_reg_mr(l.pd, map + 4096, 4096, IBV_ACCESS_REMOTE_READ);
	if (!rmr) {
		printf("read-only MR: %s\n", strerror(errno));
		return 0;
	}
	printf("read-only MR on the second page: registered\n");
	ftruncate(fd, 0);
	char c;
	printf("after ftruncate(fd, 0): read() returns %d bytes\n", (int)pread(fd, &c, 1, 4096));
	memset(dst, 0, 8);
	int st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, dmr->lkey, map + 4096, rmr->rkey, 4);
	printf("RDMA READ of the truncated page (%s): the NIC reads \"%.4s\"\n", ibv_wc_status_str(st), dst);
	ibv_dereg_mr(rmr);
	ibv_dereg_mr(dmr);
	close(fd);
	unlink("4e-file");
	return 0;
}
