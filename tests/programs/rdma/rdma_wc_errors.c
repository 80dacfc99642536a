/*
 * Work requests that go wrong, and what the program sees (userspace-api.md §1.3 errno table,
 * §1.5–§1.8, §7 items 3 and 9): verbs that fail return an errno (or NULL + errno); work
 * requests that fail complete with a status, the first one even when unsignaled, the QP moves
 * to ERR and everything after it completes with IBV_WC_WR_FLUSH_ERR.
 *  - wrong lkey / local MR without LOCAL_WRITE for an RDMA READ: IBV_WC_LOC_PROT_ERR;
 *  - rkey range outside the remote MR / remote MR without REMOTE_READ: IBV_WC_REM_ACCESS_ERR;
 *  - REMOTE_WRITE without LOCAL_WRITE at registration: EINVAL; a missing RTR attribute: EINVAL;
 *    posting before RTS: EINVAL. The same at every version.
 * PinLab-only: no RDMA device natively.
 */
#include <stdlib.h>
#include <errno.h>
#include <sys/mman.h>
#include "rdma_loopback.h"

static char *buf;
static struct ibv_mr *rw, *ro;

static void post2(struct lb *l, uint32_t lkey, enum ibv_wr_opcode op, void *remote, uint32_t rkey)
{
	struct ibv_sge sge[2] = { { (uintptr_t)buf, 8, lkey }, { (uintptr_t)buf + 64, 8, rw->lkey } };
	struct ibv_send_wr wr[2], *bad = NULL;
	memset(wr, 0, sizeof(wr));
	wr[0].wr_id = 1; wr[0].sg_list = &sge[0]; wr[0].num_sge = 1; wr[0].opcode = op;
	wr[0].send_flags = 0; /* unsignaled: an error completes anyway */
	wr[0].wr.rdma.remote_addr = (uintptr_t)remote; wr[0].wr.rdma.rkey = rkey;
	wr[0].next = &wr[1];
	wr[1].wr_id = 2; wr[1].sg_list = &sge[1]; wr[1].num_sge = 1; wr[1].opcode = IBV_WR_RDMA_WRITE;
	wr[1].send_flags = IBV_SEND_SIGNALED;
	wr[1].wr.rdma.remote_addr = (uintptr_t)buf + 128; wr[1].wr.rdma.rkey = rw->rkey;
	int ret = ibv_post_send(l->qp, wr, &bad);
	struct ibv_wc wc[4];
	int n = ibv_poll_cq(l->cq, 4, wc);
	printf("  post_send %d, %d completions:", ret, n);
	for (int i = 0; i < n; i++)
		printf(" [wr %llu: %s]", (unsigned long long)wc[i].wr_id, ibv_wc_status_str(wc[i].status));
	struct ibv_qp_attr a;
	struct ibv_qp_init_attr ia;
	ibv_query_qp(l->qp, &a, IBV_QP_STATE, &ia);
	printf(" QP state %d\n", a.qp_state);
}

static void fresh(struct lb *l)
{
	if (lb_open(l))
		exit(1);
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rw = ibv_reg_mr(l->pd, buf, 4096, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
	ro = ibv_reg_mr(l->pd, buf + 4096, 4096, 0);
	if (!rw || !ro)
		exit(2);
}

int main(void)
{
	struct lb l;
	fresh(&l);
	printf("wrong lkey:\n");
	post2(&l, rw->lkey + 1, IBV_WR_RDMA_WRITE, buf + 256, rw->rkey);
	fresh(&l);
	printf("rkey range past the end of the MR:\n");
	post2(&l, rw->lkey, IBV_WR_RDMA_WRITE, buf + 4092, rw->rkey);
	fresh(&l);
	printf("RDMA READ from an MR without REMOTE_READ:\n");
	post2(&l, rw->lkey, IBV_WR_RDMA_READ, buf + 4096, ro->rkey);
	fresh(&l);
	printf("RDMA READ into an MR without LOCAL_WRITE:\n");
	{
		struct ibv_sge sge = { (uintptr_t)buf + 4096, 8, ro->lkey };
		struct ibv_send_wr wr, *bad;
		memset(&wr, 0, sizeof(wr));
		wr.wr_id = 3; wr.sg_list = &sge; wr.num_sge = 1; wr.opcode = IBV_WR_RDMA_READ;
		wr.wr.rdma.remote_addr = (uintptr_t)buf; wr.wr.rdma.rkey = rw->rkey;
		ibv_post_send(l.qp, &wr, &bad);
		struct ibv_wc wc;
		int n = ibv_poll_cq(l.cq, 1, &wc);
		printf("  %d completion: [wr %llu: %s]\n", n, (unsigned long long)wc.wr_id, ibv_wc_status_str(wc.status));
	}

	errno = 0;
	struct ibv_mr *bad_mr = ibv_reg_mr(l.pd, buf, 4096, IBV_ACCESS_REMOTE_WRITE);
	printf("reg_mr(REMOTE_WRITE without LOCAL_WRITE): %s, errno %s\n", bad_mr ? "registered" : "NULL", strerror(errno));

	struct ibv_qp_init_attr ia;
	memset(&ia, 0, sizeof(ia));
	ia.send_cq = l.cq; ia.recv_cq = l.cq; ia.qp_type = IBV_QPT_RC;
	ia.cap.max_send_wr = 1; ia.cap.max_recv_wr = 1; ia.cap.max_send_sge = 1; ia.cap.max_recv_sge = 1;
	struct ibv_qp *qp = ibv_create_qp(l.pd, &ia);
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_INIT; a.port_num = 1;
	printf("RESET->INIT: %d\n", ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS));
	a.qp_state = IBV_QPS_RTR; a.path_mtu = IBV_MTU_1024; a.dest_qp_num = qp->qp_num; a.ah_attr.dlid = 1;
	int r = ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN);
	printf("INIT->RTR without MAX_DEST_RD_ATOMIC|MIN_RNR_TIMER: %s, qp->state %d\n", strerror(r), qp->state);
	struct ibv_sge sge = { (uintptr_t)buf, 8, rw->lkey };
	struct ibv_send_wr wr, *bad = NULL;
	memset(&wr, 0, sizeof(wr));
	wr.sg_list = &sge; wr.num_sge = 1; wr.opcode = IBV_WR_SEND;
	r = ibv_post_send(qp, &wr, &bad);
	printf("post_send in INIT: %s, bad_wr is the WR: %s\n", strerror(r), bad == &wr ? "yes" : "no");
	return 0;
}
