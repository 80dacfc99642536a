/*
 * A loopback RC connection on the first RDMA device, as ibv_rc_pingpong sets one up
 * (userspace-api.md §1.5): one PD, one CQ, one RC QP taken RESET -> INIT -> RTR -> RTS with
 * the required attribute masks and connected to itself (dest_qp_num = its own QPN, dlid = the
 * port's LID). lb_rdma() posts one signaled work request and polls its completion.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <infiniband/verbs.h>

struct lb {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_qp *qp;
};

static int lb_open(struct lb *l)
{
	int n = 0;
	struct ibv_device **list = ibv_get_device_list(&n);
	if (!list || n == 0) {
		perror("ibv_get_device_list");
		return 1;
	}
	l->ctx = ibv_open_device(list[0]);
	ibv_free_device_list(list);
	if (!l->ctx) {
		perror("ibv_open_device");
		return 1;
	}
	struct ibv_port_attr port;
	if (ibv_query_port(l->ctx, 1, &port))
		return 1;
	l->pd = ibv_alloc_pd(l->ctx);
	l->cq = ibv_create_cq(l->ctx, 16, NULL, NULL, 0);
	struct ibv_qp_init_attr ia;
	memset(&ia, 0, sizeof(ia));
	ia.send_cq = l->cq;
	ia.recv_cq = l->cq;
	ia.cap.max_send_wr = 16;
	ia.cap.max_recv_wr = 16;
	ia.cap.max_send_sge = 1;
	ia.cap.max_recv_sge = 1;
	ia.qp_type = IBV_QPT_RC;
	l->qp = ibv_create_qp(l->pd, &ia);
	if (!l->pd || !l->cq || !l->qp) {
		perror("setup");
		return 1;
	}
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_ATOMIC;
	if (ibv_modify_qp(l->qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS))
		return 1;
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = port.active_mtu;
	a.dest_qp_num = l->qp->qp_num;
	a.rq_psn = 0;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.dlid = port.lid;
	a.ah_attr.port_num = 1;
	if (ibv_modify_qp(l->qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN |
			  IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER))
		return 1;
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = 0;
	a.max_rd_atomic = 1;
	if (ibv_modify_qp(l->qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
			  IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC))
		return 1;
	return 0;
}

/* One signaled RDMA WRITE/READ of len bytes; returns the completion status (or -1). */
static int lb_rdma(struct lb *l, enum ibv_wr_opcode op, void *local, uint32_t lkey,
		   void *remote, uint32_t rkey, uint32_t len)
{
	struct ibv_sge sge = { .addr = (uintptr_t)local, .length = len, .lkey = lkey };
	struct ibv_send_wr wr, *bad = NULL;
	memset(&wr, 0, sizeof(wr));
	wr.wr_id = 7;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = op;
	wr.send_flags = IBV_SEND_SIGNALED;
	wr.wr.rdma.remote_addr = (uintptr_t)remote;
	wr.wr.rdma.rkey = rkey;
	int ret = ibv_post_send(l->qp, &wr, &bad);
	if (ret) {
		printf("ibv_post_send: %s\n", strerror(ret));
		return -1;
	}
	struct ibv_wc wc;
	for (int i = 0; i < 1000; i++) {
		int n = ibv_poll_cq(l->cq, 1, &wc);
		if (n < 0)
			return -1;
		if (n == 1)
			return wc.status;
	}
	return -1;
}

static const char *fork_status(void)
{
	switch (ibv_is_fork_initialized()) {
	case IBV_FORK_DISABLED: return "IBV_FORK_DISABLED";
	case IBV_FORK_ENABLED: return "IBV_FORK_ENABLED";
	case IBV_FORK_UNNEEDED: return "IBV_FORK_UNNEEDED";
	}
	return "?";
}

/* The VmPin: line of /proc/self/status (pages pinned by drivers: ib_umem). */
static void print_vmpin(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmPin:", 6) == 0)
			printf("%s", line);
	fclose(f);
}
