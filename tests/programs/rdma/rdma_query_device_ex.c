/*
 * What ibv_query_device_ex / ibv_query_port / ibv_query_gid return for the simulated mlx5_0, so
 * that a C program sees the values `ibv_devinfo -v` prints (userspace-api.md §1.10, §2.2).
 * Versions (electron/kernel/version.ts): the extended query command arrived with the ODP series
 * in 3.19 — before it libibverbs falls back to ibv_query_device and the extension reads 0
 * (§1.10: "zeroes *attr and falls back", so odp_caps 0); ODP caps ODP_SUPPORT + RC
 * SEND|RECV|WRITE|READ from 3.19 (feature ibOdp); hca_core_clock and completion_timestamp_mask
 * from 4.5 (7c60bcbb6812 "IB/mlx5: Add support for hca_core_clock and timestamp_mask", feature
 * mlx5CoreClock), device_cap_flags_ex (the kernel's u64 device_cap_flags) with them in this model.
 * PinLab-only: no RDMA device natively.
 */
#include <stdlib.h>
#include "rdma_loopback.h"

static void print_gid(struct ibv_context *ctx, int index)
{
	union ibv_gid gid;
	int rc = ibv_query_gid(ctx, 1, index, &gid);
	printf("gid[%d] (rc %d):", index, rc);
	for (int i = 0; i < 16; i += 2)
		printf("%s%02x%02x", i ? ":" : " ", gid.raw[i], gid.raw[i + 1]);
	printf("\n");
}

int main(void)
{
	struct lb l;
	if (lb_open(&l))
		return 1;
	struct ibv_device_attr_ex ex;
	if (ibv_query_device_ex(l.ctx, NULL, &ex)) {
		perror("ibv_query_device_ex");
		return 1;
	}
	printf("odp: general_caps 0x%llx rc 0x%x uc 0x%x ud 0x%x xrc 0x%x\n", (unsigned long long)ex.odp_caps.general_caps,
	       ex.odp_caps.per_transport_caps.rc_odp_caps, ex.odp_caps.per_transport_caps.uc_odp_caps,
	       ex.odp_caps.per_transport_caps.ud_odp_caps, ex.xrc_odp_caps);
	printf("completion_timestamp_mask 0x%llx\n", (unsigned long long)ex.completion_timestamp_mask);
	printf("hca_core_clock %llu kHz\n", (unsigned long long)ex.hca_core_clock);
	printf("device_cap_flags 0x%08x device_cap_flags_ex 0x%llx\n", ex.orig_attr.device_cap_flags,
	       (unsigned long long)ex.device_cap_flags_ex);
	printf("max_fmr %d max_srq %d max_srq_wr %d num_comp_vectors %d\n", ex.orig_attr.max_fmr, ex.orig_attr.max_srq,
	       ex.orig_attr.max_srq_wr, l.ctx->num_comp_vectors);
	struct ibv_port_attr pa;
	if (ibv_query_port(l.ctx, 1, &pa)) {
		perror("ibv_query_port");
		return 1;
	}
	printf("port 1: max_msg_sz 0x%x active_width %u active_speed %u max_vl_num %u gid_tbl_len %d\n", pa.max_msg_sz,
	       pa.active_width, pa.active_speed, pa.max_vl_num, pa.gid_tbl_len);
	print_gid(l.ctx, 0);
	print_gid(l.ctx, 1);
	return 0;
}
