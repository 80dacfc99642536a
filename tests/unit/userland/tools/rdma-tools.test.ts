/**
 * ibv_devices, ibv_devinfo and rdma (electron/userland/tools/rdma-tools.ts) against the format
 * strings of userspace-api.md §2.1–2.3 (device_list.c, devinfo.c, iproute2 rdma/link.c and
 * res*.c), and the machine's view of its HCA (os/system-info.ts, core/nldev.ts) after real
 * registrations, CQs and QPs. Sources the expectations are written from:
 *  - `ibv_devinfo -v`: rdma-core libibverbs/examples/devinfo.c (print_hca_cap, print_device_cap_flags,
 *    print_odp_caps, print_tso/rss/packet_pacing/tm caps, print_all_port_gids; linux-rdma/rdma-core
 *    at 00b335ca) plus num_comp_vectors (userspace-api.md §2.2); the values are the mlx5 model's table
 *    (hw/mlx5/mlx5_ib.ts MLX5_DEVICE_ATTR / MLX5_PORT_ATTR / mlx5_ib_query_device_ex).
 *  - `rdma resource`: iproute2 rdma/res.c, res-qp.c, res-cq.c, res-pd.c, res-mr.c, utils.c
 *    (rd_exec_cmd, rd_build_filter, rd_check_is_filtered, rd_exec_link/rd_exec_dev) and the kernel's
 *    nldev.c fill_res_info / fill_res_{qp,cq,pd,mr}_entry (what is sent, keys only with CAP_NET_ADMIN).
 */
import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import type { NativeProgram, RdmaInfo, SystemInfo } from '../../../../electron/userland/shell/os'
import { ibv_devices, ibv_devinfo, rdma } from '../../../../electron/userland/tools/rdma-tools'
import { bootMachine } from '../../../../electron/userland/os/boot'
import { ib_uverbs_cdev } from '../../../../electron/kernel/drivers/infiniband/core/uverbs'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../../electron/kernel'
import type { KernelVersion } from '../../../../shared/kernel-versions'
import {
  emptyQpAttr, IB_QP_ACCESS_FLAGS, IB_QP_AV, IB_QP_DEST_QPN, IB_QP_MAX_DEST_RD_ATOMIC, IB_QP_MAX_QP_RD_ATOMIC, IB_QP_MIN_RNR_TIMER,
  IB_QP_PATH_MTU, IB_QP_PKEY_INDEX, IB_QP_PORT, IB_QP_RETRY_CNT, IB_QP_RNR_RETRY, IB_QP_RQ_PSN, IB_QP_SQ_PSN, IB_QP_STATE,
  IB_QP_TIMEOUT, IB_QPS_INIT, IB_QPS_RTR, IB_QPS_RTS, IB_QPT_RC
} from '../../../../electron/kernel/drivers/infiniband/core/verbs'

/**
 * A machine whose root process `ibv_rc_pingpong` (pid 2) holds a context with two PDs (the second
 * used), two MRs (4 KiB, 8 KiB) and — with 'all' — a CQ of 10 entries (cqe 15) and two RC QPs:
 * 264 left in RESET, 265 connected to itself and in RTS (rq_psn 0x1234, sq_psn 0x5678). The RDMA
 * view is taken as asked by a process of uid `askUid` (CAP_NET_ADMIN for root only).
 */
function machineInfo(withMr: boolean | 'all', kernel: KernelVersion = '6.18', askUid = 0): RdmaInfo {
  const m = bootMachine({ kernel, yieldToHost: () => Promise.resolve() })
  const task = m.kernel.createProcess({ comm: 'ibv_rc_pingpong', uid: 0 })
  const asker = askUid === 0 ? task : m.kernel.createProcess({ comm: 'rdma', uid: askUid })
  if (withMr) {
    const cdev = ib_uverbs_cdev(m.kernel)
    const uc = cdev.get_context({}, task)
    if (typeof uc === 'number') throw new Error('context')
    const a = m.kernel.mmap(task, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    uc.alloc_pd()
    const pd = uc.alloc_pd()
    uc.reg_mr(task, pd.handle, a, 4096, a, 1)
    uc.reg_mr(task, pd.handle, a, 8192, a, 1)
    if (withMr === 'all') {
      const cq = uc.create_cq(10)
      if (typeof cq === 'number') throw new Error('cq')
      const cap = { maxSendWr: 4, maxRecvWr: 4, maxSendSge: 1, maxRecvSge: 1, maxInlineData: 0 }
      const reset = uc.create_qp(pd.handle, cq.handle, cq.handle, cap, IB_QPT_RC, false)
      const qp = uc.create_qp(pd.handle, cq.handle, cq.handle, cap, IB_QPT_RC, false)
      if (typeof reset === 'number' || typeof qp === 'number') throw new Error('qp')
      const at = emptyQpAttr()
      at.qpState = IB_QPS_INIT
      at.portNum = 1
      at.qpAccessFlags = 7
      const ok = [uc.modify_qp(qp.handle, at, IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS)]
      at.qpState = IB_QPS_RTR
      at.pathMtu = 5
      at.destQpNum = qp.qpn
      at.rqPsn = 0x1234
      at.ahAttr.dlid = 1
      at.ahAttr.portNum = 1
      at.maxDestRdAtomic = 1
      at.minRnrTimer = 12
      ok.push(uc.modify_qp(qp.handle, at, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU | IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER))
      at.qpState = IB_QPS_RTS
      at.sqPsn = 0x5678
      at.timeout = 14
      at.retryCnt = 7
      at.rnrRetry = 7
      at.maxRdAtomic = 1
      ok.push(uc.modify_qp(qp.handle, at, IB_QP_STATE | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY | IB_QP_TIMEOUT))
      if (ok.some((r) => r !== 0) || reset.qpn !== 264 || qp.qpn !== 265) throw new Error(`setup ${ok} ${reset.qpn} ${qp.qpn}`)
    }
  }
  const info = m.systemInfo().rdma!({ pid: asker.pid })
  m.dispose()
  if (!info) throw new Error('no rdma')
  return info
}

const dec = new TextDecoder()
async function run(program: NativeProgram, argv: string[], rdmaInfo: RdmaInfo | null, uid = 0) {
  const sys: SystemInfo = { dmesg: () => [], processes: () => [], meminfo: () => ({ MemTotal: 0, MemFree: 0, MemAvailable: 0, Buffers: 0, Cached: 0, SwapTotal: 0, SwapFree: 0, Shmem: 0, SReclaimable: 0 }), vmstat: () => ({}), uptime: () => 0, rdma: () => rdmaInfo }
  const os = new FakeOs({ system: sys })
  const r = await os.runCaptured(program, argv, { uid })
  return { out: dec.decode(r.stdout), err: dec.decode(r.stderr), status: r.status.kind === 'exited' ? r.status.code : -1 }
}

describe('ibv_devices (device_list.c)', () => {
  it('prints the header and one "%-16s\\t%016llx" line per device', async () => {
    const r = await run(ibv_devices, ['ibv_devices'], machineInfo(false))
    expect(r.out).toBe('    device          \t   node GUID\n    ------          \t----------------\n    mlx5_0          \t248a0703009c5e10\n')
    expect(r.status).toBe(0)
  })
  it('without RDMA: perror of ENOSYS, exit 1', async () => {
    const r = await run(ibv_devices, ['ibv_devices'], null)
    expect([r.out, r.err, r.status]).toEqual(['', 'Failed to get IB devices list: Function not implemented\n', 1])
  })
})

describe('ibv_devinfo (devinfo.c, non-verbose)', () => {
  const mlx5 = [
    'hca_id:\tmlx5_0',
    '\ttransport:\t\t\tInfiniBand (0)',
    '\tfw_ver:\t\t\t\t20.31.1014',
    '\tnode_guid:\t\t\t248a:0703:009c:5e10',
    '\tsys_image_guid:\t\t\t248a:0703:009c:5e10',
    '\tvendor_id:\t\t\t0x02c9',
    '\tvendor_part_id:\t\t\t4123',
    '\thw_ver:\t\t\t\t0x0',
    '\tboard_id:\t\t\tMT_0000000223',
    '\tphys_port_cnt:\t\t\t1',
    '\t\tport:\t1',
    '\t\t\tstate:\t\t\tPORT_ACTIVE (4)',
    '\t\t\tmax_mtu:\t\t4096 (5)',
    '\t\t\tactive_mtu:\t\t4096 (5)',
    '\t\t\tsm_lid:\t\t\t1',
    '\t\t\tport_lid:\t\t1',
    '\t\t\tport_lmc:\t\t0x00',
    '\t\t\tlink_layer:\t\tInfiniBand',
    '',
    ''
  ].join('\n')
  it('the device block, then each port and an empty line', async () => {
    const info = machineInfo(false)
    expect((await run(ibv_devinfo, ['ibv_devinfo'], info)).out).toBe(mlx5)
    expect((await run(ibv_devinfo, ['ibv_devinfo', '-d', 'mlx5_0', '-i', '1'], info)).out).toBe(mlx5)
  })
  it('-l, an unknown device, an invalid port, no RDMA', async () => {
    const info = machineInfo(false)
    expect((await run(ibv_devinfo, ['ibv_devinfo', '-l'], info)).out).toBe('1 HCA found:\n\tmlx5_0\n\n')
    const bad = await run(ibv_devinfo, ['ibv_devinfo', '-d', 'rxe0'], info)
    expect([bad.err, bad.status]).toEqual(["IB device 'rxe0' wasn't found\n", 255])
    const port = await run(ibv_devinfo, ['ibv_devinfo', '-i', '2'], info)
    expect([port.out, port.err, port.status]).toEqual(['', 'Invalid port requested for device\n', 4])
    const zero = await run(ibv_devinfo, ['ibv_devinfo', '-i', '0'], info)
    expect([zero.out.split('\n')[0], zero.status]).toEqual(['Usage: ibv_devinfo             print the ca attributes', 1])
    const x = await run(ibv_devinfo, ['ibv_devinfo', '-x'], info)
    expect([x.err, x.status]).toEqual(["ibv_devinfo: invalid option -- 'x'\n", 255])
    expect((await run(ibv_devinfo, ['ibv_devinfo'], null)).err).toBe('Failed to get IB devices list: Function not implemented\n')
  })
})

describe('rdma (iproute2)', () => {
  it('link show: the IB attributes, state and physical_state, every field followed by a space', async () => {
    const r = await run(rdma, ['rdma', 'link', 'show'], machineInfo(false))
    expect(r.out).toBe('link mlx5_0/1 subnet_prefix fe80:0000:0000:0000 lid 1 sm_lid 1 lmc 0 state ACTIVE physical_state LINK_UP \n')
    expect((await run(rdma, ['rdma', 'link'], machineInfo(false))).out).toBe(r.out)
  })
  it('resource show mr: restrack ids, keys only with CAP_NET_ADMIN', async () => {
    const root = await run(rdma, ['rdma', 'resource', 'show', 'mr'], machineInfo(true), 0)
    expect(root.out).toBe(
      'dev mlx5_0 mrn 0 rkey 0x140 lkey 0x140 mrlen 4096 pdn 1 pid 2 comm ibv_rc_pingpong \n' +
        'dev mlx5_0 mrn 1 rkey 0x241 lkey 0x241 mrlen 8192 pdn 1 pid 2 comm ibv_rc_pingpong \n'
    )
    const user = await run(rdma, ['rdma', 'res', 'show', 'mr'], machineInfo(true, '6.18', 1000), 1000)
    expect(user.out).toBe('dev mlx5_0 mrn 0 mrlen 4096 pdn 1 pid 2 comm ibv_rc_pingpong \ndev mlx5_0 mrn 1 mrlen 8192 pdn 1 pid 2 comm ibv_rc_pingpong \n')
  })
  it('system show: the attributes each kernel sends (netns 5.2, privileged-qkey 6.5, copy-on-fork 5.13)', async () => {
    const show = async (v: KernelVersion) => (await run(rdma, ['rdma', 'system', 'show'], machineInfo(false, v))).out
    expect(await show('4.19')).toBe('monitor off copy-on-fork off\n')
    expect(await show('5.10')).toBe('netns shared monitor off copy-on-fork off\n')
    expect(await show('6.1')).toBe('netns shared monitor off copy-on-fork on\n')
    expect(await show('6.6')).toBe('netns shared privileged-qkey off monitor off copy-on-fork on\n')
    expect(await show('6.18')).toBe('netns shared privileged-qkey off monitor off copy-on-fork on\n')
  })
  it('without RDMA: Failed to open NETLINK_RDMA socket', async () => {
    const r = await run(rdma, ['rdma', 'link'], null)
    expect([r.err, r.status]).toEqual(['Failed to open NETLINK_RDMA socket\n', 1])
  })
})

describe('ibv_devinfo -v (devinfo.c verbose blocks)', () => {
  const T5 = '\t\t\t\t\t'
  /** The verbose device block for the mlx5 model; the ex part per kernel (ODP 3.19, clock 4.5). */
  function verboseDevice(ex: { odp: boolean; clock: boolean }): string[] {
    return [
      '\tmax_mr_size:\t\t\t0xffffffffffffffff',
      '\tpage_size_cap:\t\t\t0xfffffffffffff000',
      '\tmax_qp:\t\t\t\t262144',
      '\tmax_qp_wr:\t\t\t32768',
      '\tdevice_cap_flags:\t\t0xed721c36',
      // print_device_cap_flags: the known bits of 0xed721c36 in enum order, then the rest.
      `${T5}BAD_PKEY_CNTR`, `${T5}BAD_QKEY_CNTR`, `${T5}AUTO_PATH_MIG`, `${T5}CHANGE_PHY_PORT`, `${T5}PORT_ACTIVE_EVENT`,
      `${T5}SYS_IMAGE_GUID`, `${T5}RC_RNR_NAK_GEN`, `${T5}MEM_WINDOW`, `${T5}XRC`, `${T5}MEM_MGT_EXTENSIONS`,
      `${T5}MEM_WINDOW_TYPE_2B`, `${T5}RAW_IP_CSUM`, `${T5}MANAGED_FLOW_STEERING`, `${T5}Unknown flags: 0xC8400000`,
      '\tmax_sge:\t\t\t30',
      '\tmax_sge_rd:\t\t\t30',
      '\tmax_cq:\t\t\t\t16777216',
      '\tmax_cqe:\t\t\t4194303',
      '\tmax_mr:\t\t\t\t16777216',
      '\tmax_pd:\t\t\t\t16777216',
      '\tmax_qp_rd_atom:\t\t\t16',
      '\tmax_ee_rd_atom:\t\t\t0',
      '\tmax_res_rd_atom:\t\t4194304',
      '\tmax_qp_init_rd_atom:\t\t16',
      '\tmax_ee_init_rd_atom:\t\t0',
      '\tatomic_cap:\t\t\tATOMIC_HCA (1)',
      '\tmax_ee:\t\t\t\t0',
      '\tmax_rdd:\t\t\t0',
      '\tmax_mw:\t\t\t\t16777216',
      '\tmax_raw_ipv6_qp:\t\t0',
      '\tmax_raw_ethy_qp:\t\t0',
      '\tmax_mcast_grp:\t\t\t2097152',
      '\tmax_mcast_qp_attach:\t\t240',
      '\tmax_total_mcast_qp_attach:\t503316480',
      '\tmax_ah:\t\t\t\t2147483647',
      // max_fmr is 0: no max_map_per_fmr line; max_srq is set: both SRQ limits follow.
      '\tmax_fmr:\t\t\t0',
      '\tmax_srq:\t\t\t8388608',
      '\tmax_srq_wr:\t\t\t32767',
      '\tmax_srq_sge:\t\t\t31',
      '\tmax_pkeys:\t\t\t128',
      '\tlocal_ca_ack_delay:\t\t16',
      '\tgeneral_odp_caps:',
      ...(ex.odp ? [`${T5}ODP_SUPPORT`] : []),
      '\trc_odp_caps:',
      ...(ex.odp ? [`${T5}SUPPORT_SEND`, `${T5}SUPPORT_RECV`, `${T5}SUPPORT_WRITE`, `${T5}SUPPORT_READ`] : [`${T5}NO SUPPORT`]),
      '\tuc_odp_caps:', `${T5}NO SUPPORT`,
      '\tud_odp_caps:', `${T5}NO SUPPORT`,
      '\txrc_odp_caps:', `${T5}NO SUPPORT`,
      ex.clock ? '\tcompletion timestamp_mask:\t\t\t0x7fffffffffffffff' : '\tcompletion_timestamp_mask not supported',
      ex.clock ? '\thca_core_clock:\t\t\t156250kHZ' : '\tcore clock not supported',
      ex.clock ? '\tdevice_cap_flags_ex:\t\t0xED721C36' : '\tdevice_cap_flags_ex:\t\t0x0',
      '\ttso_caps:',
      '\tmax_tso:\t\t\t0',
      '\trss_caps:',
      '\t\tmax_rwq_indirection_tables:\t\t\t0',
      '\t\tmax_rwq_indirection_table_size:\t\t\t0',
      '\t\trx_hash_function:\t\t\t\t0x0',
      '\t\trx_hash_fields_mask:\t\t\t\t0x0',
      '\tmax_wq_type_rq:\t\t\t0',
      '\tpacket_pacing_caps:',
      '\t\tqp_rate_limit_min:\t0kbps',
      '\t\tqp_rate_limit_max:\t0kbps',
      '\ttag matching not supported',
      '\tnum_comp_vectors:\t\t8'
    ]
  }
  const head = [
    'hca_id:\tmlx5_0',
    '\ttransport:\t\t\tInfiniBand (0)',
    '\tfw_ver:\t\t\t\t20.31.1014',
    '\tnode_guid:\t\t\t248a:0703:009c:5e10',
    '\tsys_image_guid:\t\t\t248a:0703:009c:5e10',
    '\tvendor_id:\t\t\t0x02c9',
    '\tvendor_part_id:\t\t\t4123',
    '\thw_ver:\t\t\t\t0x0',
    '\tboard_id:\t\t\tMT_0000000223',
    '\tphys_port_cnt:\t\t\t1'
  ]
  const port = [
    '\t\tport:\t1',
    '\t\t\tstate:\t\t\tPORT_ACTIVE (4)',
    '\t\t\tmax_mtu:\t\t4096 (5)',
    '\t\t\tactive_mtu:\t\t4096 (5)',
    '\t\t\tsm_lid:\t\t\t1',
    '\t\t\tport_lid:\t\t1',
    '\t\t\tport_lmc:\t\t0x00',
    '\t\t\tlink_layer:\t\tInfiniBand',
    '\t\t\tmax_msg_sz:\t\t0x40000000',
    '\t\t\tport_cap_flags:\t\t0x2659e848',
    '\t\t\tport_cap_flags2:\t0x0000',
    '\t\t\tmax_vl_num:\t\t8 (4)',
    '\t\t\tbad_pkey_cntr:\t\t0x0',
    '\t\t\tqkey_viol_cntr:\t\t0x0',
    '\t\t\tsm_sl:\t\t\t0',
    '\t\t\tpkey_tbl_len:\t\t128',
    '\t\t\tgid_tbl_len:\t\t8',
    '\t\t\tsubnet_timeout:\t\t18',
    '\t\t\tinit_type_reply:\t0',
    '\t\t\tactive_width:\t\t4X (2)',
    '\t\t\tactive_speed:\t\t50.0 Gbps (64)',
    '\t\t\tphys_state:\t\tLINK_UP (5)',
    // Only GID 0 (subnet prefix + port GUID) is non-null; print_all_port_gids skips null GIDs.
    '\t\t\tGID[  0]:\t\tfe80:0000:0000:0000:248a:0703:009c:5e10',
    ''
  ]
  const expected = (ex: { odp: boolean; clock: boolean }) => [...head, ...verboseDevice(ex), ...port, ''].join('\n')

  it('6.18: ODP caps, timestamp mask, core clock and device_cap_flags_ex; -v and --verbose agree', async () => {
    const info = machineInfo(false, '6.18')
    const v = await run(ibv_devinfo, ['ibv_devinfo', '-v'], info)
    expect([v.out, v.err, v.status]).toEqual([expected({ odp: true, clock: true }), '', 0])
    expect((await run(ibv_devinfo, ['ibv_devinfo', '--verbose', '-d', 'mlx5_0', '-i', '1'], info)).out).toBe(v.out)
  })
  it('ODP caps from 3.19 (no extended query before: 3.2 NO SUPPORT), clock and timestamp mask from 4.5', async () => {
    expect((await run(ibv_devinfo, ['ibv_devinfo', '-v'], machineInfo(false, '3.2'))).out).toBe(expected({ odp: false, clock: false }))
    expect((await run(ibv_devinfo, ['ibv_devinfo', '-v'], machineInfo(false, '4.4'))).out).toBe(expected({ odp: true, clock: false }))
    expect((await run(ibv_devinfo, ['ibv_devinfo', '-v'], machineInfo(false, '4.19'))).out).toBe(expected({ odp: true, clock: true }))
  })
})

describe('rdma resource (iproute2 res.c, res-qp.c, res-cq.c, res-pd.c, res-mr.c; kernel nldev.c)', () => {
  const res = async (argv: string[], info: RdmaInfo, uid = 0) => run(rdma, ['rdma', ...argv], info, uid)
  const QP_RESET = 'link mlx5_0/- lqpn 264 rqpn 0 type RC state RESET rq-psn 0 sq-psn 0 path-mig-state MIGRATED '
  const QP_RTS = 'link mlx5_0/1 lqpn 265 rqpn 265 type RC state RTS rq-psn 4660 sq-psn 22136 path-mig-state MIGRATED '
  const OWNER = 'pid 2 comm ibv_rc_pingpong \n'

  it('summary: "%u: %s: " then "name count " per kernel entry (ctx from 5.2, srq from 5.14)', async () => {
    const want = '0: mlx5_0: pd 2 cq 1 qp 2 cm_id 0 mr 2 ctx 1 srq 0 \n'
    const info = machineInfo('all')
    expect((await res(['resource'], info)).out).toBe(want)
    expect((await res(['res', 'show'], info)).out).toBe(want)
    expect((await res(['res', 'show', 'mlx5_0'], info)).out).toBe(want)
    expect((await res(['res'], machineInfo(false))).out).toBe('0: mlx5_0: pd 0 cq 0 qp 0 cm_id 0 mr 0 ctx 0 srq 0 \n')
    expect((await res(['res'], machineInfo('all', '5.10'))).out).toBe('0: mlx5_0: pd 2 cq 1 qp 2 cm_id 0 mr 2 ctx 1 \n')
    expect((await res(['res'], machineInfo('all', '4.19'))).out).toBe('0: mlx5_0: pd 2 cq 1 qp 2 cm_id 0 mr 2 \n')
  })

  it('qp: QPs without a port first (link DEV/-), then port 1; rqpn/rq-psn/path-mig-state for RC; pdn from 5.2', async () => {
    const info = machineInfo('all')
    expect((await res(['res', 'show', 'qp'], info)).out).toBe(`${QP_RESET}pdn 1 ${OWNER}${QP_RTS}pdn 1 ${OWNER}`)
    // No keys in QP lines: an unprivileged asker sees the same.
    expect((await res(['res', 'show', 'qp'], machineInfo('all', '6.18', 1000), 1000)).out).toBe(`${QP_RESET}pdn 1 ${OWNER}${QP_RTS}pdn 1 ${OWNER}`)
    expect((await res(['res', 'show', 'qp'], machineInfo('all', '4.19'))).out).toBe(`${QP_RESET}${OWNER}${QP_RTS}${OWNER}`)
  })

  it('cq: cqn, cqe, users (both QPs use it twice), adaptive-moderation from 5.3, ctxn', async () => {
    expect((await res(['res', 'show', 'cq'], machineInfo('all'))).out).toBe(`dev mlx5_0 cqn 0 cqe 15 users 4 adaptive-moderation off ctxn 0 ${OWNER}`)
    expect((await res(['res', 'show', 'cq'], machineInfo('all', '5.4'))).out).toBe(`dev mlx5_0 cqn 0 cqe 15 users 4 adaptive-moderation off ctxn 0 ${OWNER}`)
    expect((await res(['res', 'show', 'cq'], machineInfo('all', '4.19'))).out).toBe(`dev mlx5_0 cqe 15 users 4 ${OWNER}`)
  })

  it('pd: local_dma_lkey only with CAP_NET_ADMIN (root), users = MRs + QPs', async () => {
    const root = await res(['res', 'show', 'pd'], machineInfo('all'))
    expect(root.out).toBe(
      `dev mlx5_0 pdn 0 local_dma_lkey 0x0 users 0 ctxn 0 ${OWNER}` +
        `dev mlx5_0 pdn 1 local_dma_lkey 0x0 users 4 ctxn 0 ${OWNER}`
    )
    const user = await res(['res', 'show', 'pd'], machineInfo('all', '6.18', 1000), 1000)
    expect(user.out).toBe(`dev mlx5_0 pdn 0 users 0 ctxn 0 ${OWNER}dev mlx5_0 pdn 1 users 4 ctxn 0 ${OWNER}`)
    expect((await res(['res', 'show', 'pd'], machineInfo('all', '4.19'))).out).toBe(
      `dev mlx5_0 local_dma_lkey 0x0 users 0 ${OWNER}dev mlx5_0 local_dma_lkey 0x0 users 4 ${OWNER}`
    )
  })

  it('mr before 5.2: no mrn and no pdn; keys still only for root', async () => {
    expect((await res(['res', 'show', 'mr'], machineInfo(true, '4.19'))).out).toBe(
      `dev mlx5_0 rkey 0x140 lkey 0x140 mrlen 4096 ${OWNER}dev mlx5_0 rkey 0x241 lkey 0x241 mrlen 8192 ${OWNER}`
    )
    expect((await res(['res', 'show', 'mr'], machineInfo(true, '4.19', 1000), 1000)).out).toBe(`dev mlx5_0 mrlen 4096 ${OWNER}dev mlx5_0 mrlen 8192 ${OWNER}`)
  })

  it('filters (utils.c): numbers, lists, ranges, case-insensitive strings, dev/link selection', async () => {
    const info = machineInfo('all')
    const rts = `${QP_RTS}pdn 1 ${OWNER}`
    expect((await res(['res', 'show', 'qp', 'lqpn', '265'], info)).out).toBe(rts)
    // A range: the ends match as numbers, the inside by left < v < right.
    expect((await res(['res', 'show', 'qp', 'lqpn', '265-300'], info)).out).toBe(rts)
    expect((await res(['res', 'show', 'qp', 'lqpn', '200-264'], info)).out).toBe(`${QP_RESET}pdn 1 ${OWNER}`)
    expect((await res(['res', 'show', 'qp', 'lqpn', '100-200'], info)).out).toBe('')
    expect((await res(['res', 'show', 'qp', 'lqpn', '1,265'], info)).out).toBe(rts)
    expect((await res(['res', 'show', 'qp', 'state', 'rts'], info)).out).toBe(rts)
    expect((await res(['res', 'show', 'qp', 'link', 'mlx5_0/1'], info)).out).toBe(rts)
    expect((await res(['res', 'show', 'qp', 'link', 'mlx5_0'], info)).out).toBe(`${QP_RESET}pdn 1 ${OWNER}${rts}`)
    expect((await res(['res', 'show', 'mr', 'mrlen', '8192'], info)).out).toBe(`dev mlx5_0 mrn 1 rkey 0x241 lkey 0x241 mrlen 8192 pdn 1 ${OWNER}`)
    expect((await res(['res', 'show', 'pd', 'dev', 'mlx5_0', 'users', '4'], info)).out).toBe(`dev mlx5_0 pdn 1 local_dma_lkey 0x0 users 4 ctxn 0 ${OWNER}`)
    // A filter on an attribute the kernel does not send (pdn before 5.2) drops every entry.
    expect((await res(['res', 'show', 'mr', 'pdn', '1'], machineInfo(true, '4.19'))).out).toBe('')
    expect((await res(['res', 'show', 'cm_id'], info)).out).toBe('')
  })

  it('errors: rd_exec_cmd, rd_build_filter, rd_exec_dev/rd_exec_link texts and statuses', async () => {
    const info = machineInfo('all')
    const e = async (argv: string[]) => {
      const r = await res(argv, info)
      return [r.out, r.err, r.status]
    }
    expect(await e(['res', 'show', 'foo'])).toEqual(['', "Unknown parameter 'foo'.\n", 0])
    expect(await e(['res', 'frob'])).toEqual(['', "Unknown resource command 'frob'.\n", 0])
    expect(await e(['res', 'show', 'mr', 'pid'])).toEqual(['', 'No filter data was supplied to filter option pid\n', 1])
    expect(await e(['res', 'show', 'mr', 'pid', '2', 'mrn'])).toEqual(['', 'There is filter option without data\n', 1])
    expect(await e(['res', 'show', 'mr', 'cqn', '1'])).toEqual(['', 'Unsupported filter option: cqn\n', 1])
    expect(await e(['res', 'show', 'mr', 'pid', 'x'])).toEqual(['', 'pid filter accepts "1234567890,-" characters only\n', 1])
    expect(await e(['res', 'show', 'pd', 'dev', 'mlx5_1'])).toEqual(['', 'Wrong device name - mlx5_1\n', 1])
    expect(await e(['res', 'show', 'qp', 'link', 'mlx5_0/2'])).toEqual(['', 'Wrong device name\n', 1])
    const help = await res(['res', 'help'], info)
    expect(help.out.split('\n').slice(0, 3)).toEqual(['Usage: rdma resource', '          resource show [DEV]', '          resource show [qp|cm_id|pd|mr|cq]'])
  })
})
