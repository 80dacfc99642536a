/*
 * The C-visible layout of libibverbs' structs (userspace-api.md §1): PinLab's
 * <infiniband/verbs.h> must place every field where rdma-core's header does, because the
 * libibverbs natives read and write these structs by offset. Natively this compiles against
 * the machine's rdma-core headers (v44); in PinLab against /usr/include/infiniband/verbs.h.
 * sizeof(struct ibv_port_attr) is not printed: rdma-core after v44 appends active_speed_ex
 * (52 → 56 bytes), which PinLab's header has and this machine's does not.
 */
#include <stdio.h>
#include <stddef.h>
#include <infiniband/verbs.h>

#define S(T) printf("sizeof(" #T ") = %zu\n", sizeof(T))
#define O(T, F) printf("  " #F " @%zu\n", offsetof(T, F))

int main(void)
{
	S(struct ibv_device); O(struct ibv_device, node_type); O(struct ibv_device, transport_type);
	O(struct ibv_device, name); O(struct ibv_device, dev_name); O(struct ibv_device, dev_path); O(struct ibv_device, ibdev_path);
	S(struct ibv_context); O(struct ibv_context, device); O(struct ibv_context, cmd_fd); O(struct ibv_context, async_fd);
	O(struct ibv_context, num_comp_vectors);
	S(struct ibv_device_attr); O(struct ibv_device_attr, node_guid); O(struct ibv_device_attr, max_mr_size);
	O(struct ibv_device_attr, vendor_id); O(struct ibv_device_attr, max_qp); O(struct ibv_device_attr, device_cap_flags);
	O(struct ibv_device_attr, atomic_cap); O(struct ibv_device_attr, max_srq_sge); O(struct ibv_device_attr, max_pkeys);
	O(struct ibv_device_attr, local_ca_ack_delay); O(struct ibv_device_attr, phys_port_cnt);
	S(struct ibv_device_attr_ex); O(struct ibv_device_attr_ex, comp_mask); O(struct ibv_device_attr_ex, odp_caps);
	O(struct ibv_device_attr_ex, odp_caps.per_transport_caps.rc_odp_caps); O(struct ibv_device_attr_ex, completion_timestamp_mask);
	O(struct ibv_device_attr_ex, hca_core_clock); O(struct ibv_device_attr_ex, device_cap_flags_ex);
	O(struct ibv_device_attr_ex, max_dm_size); O(struct ibv_device_attr_ex, xrc_odp_caps); O(struct ibv_device_attr_ex, phys_port_cnt_ex);
	O(struct ibv_port_attr, state); O(struct ibv_port_attr, max_msg_sz); O(struct ibv_port_attr, pkey_tbl_len);
	O(struct ibv_port_attr, lid); O(struct ibv_port_attr, sm_lid); O(struct ibv_port_attr, lmc); O(struct ibv_port_attr, active_width);
	O(struct ibv_port_attr, phys_state); O(struct ibv_port_attr, link_layer); O(struct ibv_port_attr, flags);
	O(struct ibv_port_attr, port_cap_flags2);
	S(struct ibv_pd); O(struct ibv_pd, handle);
	S(struct ibv_mr); O(struct ibv_mr, addr); O(struct ibv_mr, length); O(struct ibv_mr, handle); O(struct ibv_mr, lkey); O(struct ibv_mr, rkey);
	S(struct ibv_cq); O(struct ibv_cq, channel); O(struct ibv_cq, cq_context); O(struct ibv_cq, handle); O(struct ibv_cq, cqe);
	S(struct ibv_qp); O(struct ibv_qp, qp_context); O(struct ibv_qp, send_cq); O(struct ibv_qp, srq); O(struct ibv_qp, handle);
	O(struct ibv_qp, qp_num); O(struct ibv_qp, state); O(struct ibv_qp, qp_type);
	S(struct ibv_qp_init_attr); O(struct ibv_qp_init_attr, cap); O(struct ibv_qp_init_attr, qp_type); O(struct ibv_qp_init_attr, sq_sig_all);
	S(struct ibv_ah_attr); O(struct ibv_ah_attr, dlid); O(struct ibv_ah_attr, is_global); O(struct ibv_ah_attr, port_num);
	S(struct ibv_qp_attr); O(struct ibv_qp_attr, qkey); O(struct ibv_qp_attr, dest_qp_num); O(struct ibv_qp_attr, qp_access_flags);
	O(struct ibv_qp_attr, cap); O(struct ibv_qp_attr, ah_attr); O(struct ibv_qp_attr, alt_ah_attr); O(struct ibv_qp_attr, pkey_index);
	O(struct ibv_qp_attr, max_rd_atomic); O(struct ibv_qp_attr, min_rnr_timer); O(struct ibv_qp_attr, port_num);
	O(struct ibv_qp_attr, timeout); O(struct ibv_qp_attr, rnr_retry); O(struct ibv_qp_attr, rate_limit);
	S(struct ibv_sge); O(struct ibv_sge, length); O(struct ibv_sge, lkey);
	S(struct ibv_send_wr); O(struct ibv_send_wr, next); O(struct ibv_send_wr, sg_list); O(struct ibv_send_wr, num_sge);
	O(struct ibv_send_wr, opcode); O(struct ibv_send_wr, send_flags); O(struct ibv_send_wr, imm_data);
	O(struct ibv_send_wr, wr.rdma.remote_addr); O(struct ibv_send_wr, wr.rdma.rkey); O(struct ibv_send_wr, wr.atomic.compare_add);
	O(struct ibv_send_wr, wr.atomic.swap); O(struct ibv_send_wr, wr.atomic.rkey);
	S(struct ibv_recv_wr); O(struct ibv_recv_wr, next); O(struct ibv_recv_wr, sg_list); O(struct ibv_recv_wr, num_sge);
	S(struct ibv_wc); O(struct ibv_wc, status); O(struct ibv_wc, opcode); O(struct ibv_wc, vendor_err); O(struct ibv_wc, byte_len);
	O(struct ibv_wc, imm_data); O(struct ibv_wc, qp_num); O(struct ibv_wc, src_qp); O(struct ibv_wc, wc_flags);
	O(struct ibv_wc, pkey_index); O(struct ibv_wc, slid); O(struct ibv_wc, sl); O(struct ibv_wc, dlid_path_bits);
	return 0;
}
