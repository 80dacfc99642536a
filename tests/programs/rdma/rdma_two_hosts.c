/*
 * Two hosts on one InfiniBand fabric (the "second simulated host"): this host's mlx5_0
 * is LID 1, host2's HCA is LID 2. The program asks host2 for its QPN, buffer address and rkey
 * (`rdma_peer info`), connects an RC QP to it in both directions (RTR needs the peer's LID and
 * QPN, userspace-api.md §1.5), RDMA READs and WRITEs host2's buffer, and lets host2 RDMA READ
 * and WRITE this host's MR (`rdma_peer read/write`), each HCA going through its own MTT. Then a
 * wrong rkey from host2 is a remote access error for host2 and this host's MR is untouched.
 * PinLab-only: no RDMA device natively.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include "rdma_loopback.h"

int main(void)
{
	struct lb l;
	if (lb_open(&l))
		return 1;
	char *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(buf, "hello from host1");
	struct ibv_mr *mr = ibv_reg_mr(l.pd, buf, 4096, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_WRITE);
	if (!mr)
		return 1;

	fflush(stdout);
	if (system("rdma_peer info > peer.txt") != 0)
		return 2;
	/* "lid L qpn 0xQ addr 0xA rkey 0xK len N state S" */
	char line[256];
	FILE *f = fopen("peer.txt", "r");
	if (!f || !fgets(line, sizeof(line), f))
		return 3;
	fclose(f);
	char *p = line;
	unsigned lid = strtoul(strstr(p, "lid ") + 4, NULL, 0);
	unsigned qpn = strtoul(strstr(p, "qpn ") + 4, NULL, 0);
	unsigned long long addr = strtoull(strstr(p, "addr ") + 5, NULL, 0);
	unsigned rkey = strtoul(strstr(p, "rkey ") + 5, NULL, 0);
	char *state = strstr(p, "state ") + 6;
	state[strcspn(state, "\n")] = 0;
	printf("host2: lid %u, its QP is in %s\n", lid, state);

	/* Reconnect our QP (it was connected to itself) to host2's QP. */
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RESET;
	ibv_modify_qp(l.qp, &a, IBV_QP_STATE);
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_WRITE;
	ibv_modify_qp(l.qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_4096;
	a.dest_qp_num = qpn;
	a.ah_attr.dlid = lid;
	a.ah_attr.port_num = 1;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	int r = ibv_modify_qp(l.qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
			      IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER);
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.max_rd_atomic = 1;
	r |= ibv_modify_qp(l.qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN |
			   IBV_QP_MAX_QP_RD_ATOMIC);
	printf("our QP -> lid %u: %s\n", lid, r ? "failed" : "RTS");

	/* Before host2 connects back, nothing answers. */
	char *dst = buf + 1024;
	int st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, mr->lkey, (void *)(uintptr_t)addr, rkey, 17);
	printf("RDMA READ before host2 connected: %s\n", ibv_wc_status_str(st));
	/* The error put our QP in ERR: bring it back. */
	a.qp_state = IBV_QPS_RESET;
	ibv_modify_qp(l.qp, &a, IBV_QP_STATE);
	a.qp_state = IBV_QPS_INIT;
	ibv_modify_qp(l.qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
	a.qp_state = IBV_QPS_RTR;
	ibv_modify_qp(l.qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
		      IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER);
	a.qp_state = IBV_QPS_RTS;
	ibv_modify_qp(l.qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN |
		      IBV_QP_MAX_QP_RD_ATOMIC);

	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rdma_peer connect %u", l.qp->qp_num);
	fflush(stdout);
	system(cmd);

	st = lb_rdma(&l, IBV_WR_RDMA_READ, dst, mr->lkey, (void *)(uintptr_t)addr, rkey, 17);
	printf("RDMA READ of host2's buffer: %s, \"%s\"\n", ibv_wc_status_str(st), dst);
	strcpy(dst, "written by host1");
	st = lb_rdma(&l, IBV_WR_RDMA_WRITE, dst, mr->lkey, (void *)(uintptr_t)addr, rkey, 17);
	printf("RDMA WRITE to host2's buffer: %s\n", ibv_wc_status_str(st));
	fflush(stdout);
	system("rdma_peer dump");

	snprintf(cmd, sizeof(cmd), "rdma_peer read 0x%llx 0x%x 16", (unsigned long long)(uintptr_t)buf, mr->rkey);
	system(cmd);
	snprintf(cmd, sizeof(cmd), "rdma_peer write 0x%llx 0x%x host2 was here", (unsigned long long)(uintptr_t)buf, mr->rkey);
	system(cmd);
	printf("our buffer now: \"%s\"\n", buf);
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "rdma_peer write 0x%llx 0x%x wrong key", (unsigned long long)(uintptr_t)buf, mr->rkey + 1);
	system(cmd);
	printf("our buffer after the wrong rkey: \"%s\"\n", buf);
	unlink("peer.txt");
	return 0;
}
