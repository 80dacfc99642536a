/**
 * The RDMA inspection tools, printing rdma-core's and iproute2's formats (userspace-api.md §2.1–2.3):
 *  - ibv_devices (libibverbs/examples/device_list.c);
 *  - ibv_devinfo [-d dev] [-i port] [-l] [-v] (examples/devinfo.c, verbose blocks included);
 *  - rdma system show (rdma/sys.c: netns and privileged-qkey only when the kernel sends them,
 *    monitor off, copy-on-fork on from 5.13);
 *  - rdma link [show [DEV[/PORT]]] (iproute2 rdma/link.c) and rdma resource [show [DEV] |
 *    show qp|cq|pd|mr [dev|link DEV[/PORT]] [FILTER VALUE]...] (rdma/res*.c): the kernel decides
 *    which attributes it sends (drivers/infiniband/core/nldev.ts — keys only for CAP_NET_ADMIN),
 *    the tool prints what is present.
 *  - rdma_peer: the second host's commands (os/rdma-peer.ts).
 * Without RDMA in the kernel: `Failed to get IB devices list: Function not implemented` (perror
 * after ibv_get_device_list's ENOSYS) and `Failed to open NETLINK_RDMA socket`.
 */
import type { NativeProgram, ProcessContext, RdmaDeviceInfo, RdmaInfo } from '../shell/os'
import { parseArgs } from './lib'

function info(ctx: ProcessContext): RdmaInfo | null {
  return ctx.system?.rdma?.({ pid: ctx.pid }) ?? null
}

const hex16 = (v: bigint) => v.toString(16).padStart(16, '0')
/** devinfo.c guid_str: be64toh(guid) as four 16-bit groups. */
const guidStr = (v: bigint) => hex16(v).replace(/(....)(....)(....)(....)/, '$1:$2:$3:$4')
const TRANSPORT: Record<number, string> = { 0: 'InfiniBand', 1: 'iWARP', 2: 'usNIC', 3: 'usNIC UDP', 4: 'unspecified' }
const PORT_STATE: Record<number, string> = { 1: 'PORT_DOWN', 2: 'PORT_INIT', 3: 'PORT_ARMED', 4: 'PORT_ACTIVE' }
const MTU: Record<number, string> = { 1: '256', 2: '512', 3: '1024', 4: '2048', 5: '4096' }
const linkLayer = (l: number) => (l === 0 || l === 1 ? 'InfiniBand' : l === 2 ? 'Ethernet' : 'Unknown')

async function noDevices(ctx: ProcessContext, status: number): Promise<number> {
  await ctx.write(2, 'Failed to get IB devices list: Function not implemented\n')
  return status
}

export const ibv_devices: NativeProgram = async (ctx) => {
  const r = info(ctx)
  if (!r) return noDevices(ctx, 1)
  let out = `    ${'device'.padEnd(16)}\t   node GUID\n    ${'------'.padEnd(16)}\t----------------\n`
  for (const d of r.devices) out += `    ${d.name.padEnd(16)}\t${hex16(d.nodeGuid)}\n`
  await ctx.write(1, out)
  return 0
}

/** verbs.h enum ibv_device_cap_flags, in print_device_cap_flags' order. */
const DEVICE_CAP_FLAGS: Array<[number, string]> = [
  [1 << 0, 'RESIZE_MAX_WR'], [1 << 1, 'BAD_PKEY_CNTR'], [1 << 2, 'BAD_QKEY_CNTR'], [1 << 3, 'RAW_MULTI'],
  [1 << 4, 'AUTO_PATH_MIG'], [1 << 5, 'CHANGE_PHY_PORT'], [1 << 6, 'UD_AV_PORT_ENFORCE'], [1 << 7, 'CURR_QP_STATE_MOD'],
  [1 << 8, 'SHUTDOWN_PORT'], [1 << 9, 'INIT_TYPE'], [1 << 10, 'PORT_ACTIVE_EVENT'], [1 << 11, 'SYS_IMAGE_GUID'],
  [1 << 12, 'RC_RNR_NAK_GEN'], [1 << 13, 'SRQ_RESIZE'], [1 << 14, 'N_NOTIFY_CQ'], [1 << 17, 'MEM_WINDOW'],
  [1 << 18, 'UD_IP_CSUM'], [1 << 20, 'XRC'], [1 << 21, 'MEM_MGT_EXTENSIONS'], [1 << 23, 'MEM_WINDOW_TYPE_2A'],
  [1 << 24, 'MEM_WINDOW_TYPE_2B'], [1 << 25, 'RC_IP_CSUM'], [1 << 26, 'RAW_IP_CSUM'], [1 << 29, 'MANAGED_FLOW_STEERING']
]
/** enum ibv_odp_transport_cap_bits, in print_odp_trans_caps' order (SRQ_RECV prints SUPPORT_SRQ). */
const ODP_TRANS_CAPS: Array<[number, string]> = [
  [1 << 0, 'SUPPORT_SEND'], [1 << 1, 'SUPPORT_RECV'], [1 << 2, 'SUPPORT_WRITE'], [1 << 3, 'SUPPORT_READ'],
  [1 << 4, 'SUPPORT_ATOMIC'], [1 << 5, 'SUPPORT_SRQ']
]
const ATOMIC_CAP: Record<number, string> = { 0: 'ATOMIC_NONE', 1: 'ATOMIC_HCA', 2: 'ATOMIC_GLOB' }
const WIDTH: Record<number, string> = { 1: '1', 2: '4', 4: '8', 8: '12', 16: '2' }
const SPEED: Record<number, string> = { 1: '2.5 Gbps', 2: '5.0 Gbps', 4: '10.0 Gbps', 8: '10.0 Gbps', 16: '14.0 Gbps', 32: '25.0 Gbps', 64: '50.0 Gbps' }
const VL: Record<number, string> = { 1: '1', 2: '2', 3: '4', 4: '8', 5: '15' }
const PHY_STATE: Record<number, string> = { 1: 'SLEEP', 2: 'POLLING', 3: 'DISABLED', 4: 'PORT_CONFIGURATION TRAINNING', 5: 'LINK_UP', 6: 'LINK_ERROR_RECOVERY', 7: 'PHY TEST' }
const T5 = '\t\t\t\t\t'

/** C's int: what printf("%d") shows of a 32-bit field. */
const i32 = (v: number) => v | 0

function flagLines(v: number, table: Array<[number, string]>): string {
  let s = ''
  let known = 0
  for (const [bit, name] of table) {
    known |= bit
    if (v & bit) s += `${T5}${name}\n`
  }
  const unknown = (v & ~known) >>> 0
  if (unknown) s += `${T5}Unknown flags: 0x${unknown.toString(16).toUpperCase()}\n`
  return s
}

/** print_odp_trans_caps: NO SUPPORT, or one line per capability. */
function odpTransCaps(v: number): string {
  return v === 0 ? `${T5}NO SUPPORT\n` : flagLines(v, ODP_TRANS_CAPS)
}

/**
 * The verbose device block of devinfo.c print_hca_cap (rdma-core libibverbs/examples/devinfo.c,
 * userspace-api.md §2.2): max_map_per_fmr only with max_fmr, the SRQ limits only with max_srq,
 * device_cap_flags one name per line, the ODP caps, timestamp mask and core clock (or their "not
 * supported" lines), raw packet caps only when set, device_cap_flags_ex (its upper half decoded),
 * tso/rss/packet pacing, tag matching, CQ moderation and device memory only when non-zero, then
 * num_comp_vectors (§2.2).
 */
function devinfoVerboseDevice(d: RdmaDeviceInfo): string {
  const a = d.attr
  let s = `\tmax_mr_size:\t\t\t0x${a.maxMrSize.toString(16)}\n`
  s += `\tpage_size_cap:\t\t\t0x${a.pageSizeCap.toString(16)}\n`
  s += `\tmax_qp:\t\t\t\t${i32(a.maxQp)}\n`
  s += `\tmax_qp_wr:\t\t\t${i32(a.maxQpWr)}\n`
  s += `\tdevice_cap_flags:\t\t0x${(a.deviceCapFlags >>> 0).toString(16).padStart(8, '0')}\n`
  s += flagLines(a.deviceCapFlags, DEVICE_CAP_FLAGS)
  s += `\tmax_sge:\t\t\t${i32(a.maxSge)}\n`
  s += `\tmax_sge_rd:\t\t\t${i32(a.maxSgeRd)}\n`
  s += `\tmax_cq:\t\t\t\t${i32(a.maxCq)}\n`
  s += `\tmax_cqe:\t\t\t${i32(a.maxCqe)}\n`
  s += `\tmax_mr:\t\t\t\t${i32(a.maxMr)}\n`
  s += `\tmax_pd:\t\t\t\t${i32(a.maxPd)}\n`
  s += `\tmax_qp_rd_atom:\t\t\t${i32(a.maxQpRdAtom)}\n`
  s += `\tmax_ee_rd_atom:\t\t\t${i32(a.maxEeRdAtom)}\n`
  s += `\tmax_res_rd_atom:\t\t${i32(a.maxResRdAtom)}\n`
  s += `\tmax_qp_init_rd_atom:\t\t${i32(a.maxQpInitRdAtom)}\n`
  s += `\tmax_ee_init_rd_atom:\t\t${i32(a.maxEeInitRdAtom)}\n`
  s += `\tatomic_cap:\t\t\t${ATOMIC_CAP[a.atomicCap] ?? 'invalid atomic capability'} (${a.atomicCap})\n`
  s += `\tmax_ee:\t\t\t\t${i32(a.maxEe)}\n`
  s += `\tmax_rdd:\t\t\t${i32(a.maxRdd)}\n`
  s += `\tmax_mw:\t\t\t\t${i32(a.maxMw)}\n`
  s += `\tmax_raw_ipv6_qp:\t\t${i32(a.maxRawIpv6Qp)}\n`
  s += `\tmax_raw_ethy_qp:\t\t${i32(a.maxRawEthyQp)}\n`
  s += `\tmax_mcast_grp:\t\t\t${i32(a.maxMcastGrp)}\n`
  s += `\tmax_mcast_qp_attach:\t\t${i32(a.maxMcastQpAttach)}\n`
  s += `\tmax_total_mcast_qp_attach:\t${i32(a.maxTotalMcastQpAttach)}\n`
  s += `\tmax_ah:\t\t\t\t${i32(a.maxAh)}\n`
  s += `\tmax_fmr:\t\t\t${i32(a.maxFmr)}\n`
  if (a.maxFmr) s += `\tmax_map_per_fmr:\t\t${i32(a.maxMapPerFmr)}\n`
  s += `\tmax_srq:\t\t\t${i32(a.maxSrq)}\n`
  if (a.maxSrq) {
    s += `\tmax_srq_wr:\t\t\t${i32(a.maxSrqWr)}\n`
    s += `\tmax_srq_sge:\t\t\t${i32(a.maxSrqSge)}\n`
  }
  s += `\tmax_pkeys:\t\t\t${i32(a.maxPkeys)}\n`
  s += `\tlocal_ca_ack_delay:\t\t${i32(a.localCaAckDelay)}\n`
  // print_odp_caps
  s += '\tgeneral_odp_caps:\n'
  if (a.odpGeneralCaps & 1n) s += `${T5}ODP_SUPPORT\n`
  if (a.odpGeneralCaps & 2n) s += `${T5}ODP_SUPPORT_IMPLICIT\n`
  if (a.odpGeneralCaps & ~3n) s += `${T5}Unknown flags: 0x${(a.odpGeneralCaps & ~3n).toString(16).toUpperCase()}\n`
  s += '\trc_odp_caps:\n' + odpTransCaps(a.rcOdpCaps)
  s += '\tuc_odp_caps:\n' + odpTransCaps(a.ucOdpCaps)
  s += '\tud_odp_caps:\n' + odpTransCaps(a.udOdpCaps)
  s += '\txrc_odp_caps:\n' + odpTransCaps(a.xrcOdpCaps)
  s += a.completionTimestampMask
    ? `\tcompletion timestamp_mask:\t\t\t0x${a.completionTimestampMask.toString(16).padStart(16, '0')}\n`
    : '\tcompletion_timestamp_mask not supported\n'
  s += a.hcaCoreClock ? `\thca_core_clock:\t\t\t${a.hcaCoreClock}kHZ\n` : '\tcore clock not supported\n'
  // raw_packet_caps is 0 for this IB port: print_raw_packet_caps is skipped.
  s += `\tdevice_cap_flags_ex:\t\t0x${a.deviceCapFlagsEx.toString(16).toUpperCase()}\n`
  const exFlags = a.deviceCapFlagsEx & 0xffffffff00000000n
  if (exFlags & (1n << 34n)) s += `${T5}RAW_SCATTER_FCS\n`
  if (exFlags & (1n << 36n)) s += `${T5}PCI_WRITE_END_PADDING\n`
  const exUnknown = exFlags & ~((1n << 34n) | (1n << 36n))
  if (exUnknown) s += `${T5}Unknown flags: 0x${exUnknown.toString(16).toUpperCase()}\n`
  // tso, rss, packet pacing, tag matching, CQ moderation and device memory: all 0 in this model.
  s += '\ttso_caps:\n\tmax_tso:\t\t\t0\n'
  s += '\trss_caps:\n\t\tmax_rwq_indirection_tables:\t\t\t0\n\t\tmax_rwq_indirection_table_size:\t\t\t0\n'
  s += '\t\trx_hash_function:\t\t\t\t0x0\n\t\trx_hash_fields_mask:\t\t\t\t0x0\n'
  s += '\tmax_wq_type_rq:\t\t\t0\n'
  s += '\tpacket_pacing_caps:\n\t\tqp_rate_limit_min:\t0kbps\n\t\tqp_rate_limit_max:\t0kbps\n'
  s += '\ttag matching not supported\n'
  s += `\tnum_comp_vectors:\t\t${a.numCompVectors}\n`
  return s
}

/** The verbose port block (devinfo.c print_hca_cap after link_layer), GIDs via print_all_port_gids. */
function devinfoVerbosePort(d: RdmaDeviceInfo, p: RdmaDeviceInfo['ports'][number]): string {
  let s = `\t\t\tmax_msg_sz:\t\t0x${p.maxMsgSz.toString(16)}\n`
  s += `\t\t\tport_cap_flags:\t\t0x${(p.portCapFlags >>> 0).toString(16).padStart(8, '0')}\n`
  s += `\t\t\tport_cap_flags2:\t0x${p.portCapFlags2.toString(16).padStart(4, '0')}\n`
  s += `\t\t\tmax_vl_num:\t\t${VL[p.maxVlNum] ?? 'invalid value'} (${p.maxVlNum})\n`
  s += `\t\t\tbad_pkey_cntr:\t\t0x${p.badPkeyCntr.toString(16)}\n`
  s += `\t\t\tqkey_viol_cntr:\t\t0x${p.qkeyViolCntr.toString(16)}\n`
  s += `\t\t\tsm_sl:\t\t\t${p.smSl}\n`
  s += `\t\t\tpkey_tbl_len:\t\t${p.pkeyTblLen}\n`
  s += `\t\t\tgid_tbl_len:\t\t${p.gidTblLen}\n`
  s += `\t\t\tsubnet_timeout:\t\t${p.subnetTimeout}\n`
  s += `\t\t\tinit_type_reply:\t${p.initTypeReply}\n`
  s += `\t\t\tactive_width:\t\t${WIDTH[p.activeWidth] ?? 'invalid width'}X (${p.activeWidth})\n`
  s += `\t\t\tactive_speed:\t\t${SPEED[p.activeSpeed] ?? 'invalid speed'} (${p.activeSpeed})\n`
  if (d.transport === 0) s += `\t\t\tphys_state:\t\t${PHY_STATE[p.physState] ?? 'invalid physical state'} (${p.physState})\n`
  p.gids.forEach((g, i) => {
    // null_gid: only the interface-id half (bytes 8..15) decides.
    if (g.subarray(8).every((b) => b === 0)) return
    const hex = [...g].map((b) => b.toString(16).padStart(2, '0')).join('')
    s += `\t\t\tGID[${String(i).padStart(3, ' ')}]:\t\t${hex.replace(/(....)(?!$)/g, '$1:')}\n`
  })
  return s
}

function devinfoText(d: RdmaDeviceInfo, port: number | null, verbose = false): string {
  let s = `hca_id:\t${d.name}\n`
  s += `\ttransport:\t\t\t${TRANSPORT[d.transport] ?? 'invalid transport'} (${d.transport})\n`
  if (d.fwVer) s += `\tfw_ver:\t\t\t\t${d.fwVer}\n`
  s += `\tnode_guid:\t\t\t${guidStr(d.nodeGuid)}\n`
  s += `\tsys_image_guid:\t\t\t${guidStr(d.sysImageGuid)}\n`
  s += `\tvendor_id:\t\t\t0x${d.vendorId.toString(16).padStart(4, '0')}\n`
  s += `\tvendor_part_id:\t\t\t${d.vendorPartId}\n`
  s += `\thw_ver:\t\t\t\t0x${d.hwVer.toString(16).toUpperCase()}\n`
  if (d.boardId !== null) s += `\tboard_id:\t\t\t${d.boardId}\n`
  s += `\tphys_port_cnt:\t\t\t${d.ports.length}\n`
  if (verbose) s += devinfoVerboseDevice(d)
  for (const p of d.ports) {
    if (port !== null && p.num !== port) continue
    s += `\t\tport:\t${p.num}\n`
    s += `\t\t\tstate:\t\t\t${PORT_STATE[p.state] ?? 'invalid state'} (${p.state})\n`
    s += `\t\t\tmax_mtu:\t\t${MTU[p.maxMtu] ?? 'invalid MTU'} (${p.maxMtu})\n`
    s += `\t\t\tactive_mtu:\t\t${MTU[p.activeMtu] ?? 'invalid MTU'} (${p.activeMtu})\n`
    s += `\t\t\tsm_lid:\t\t\t${p.smLid}\n`
    s += `\t\t\tport_lid:\t\t${p.lid}\n`
    s += `\t\t\tport_lmc:\t\t0x${p.lmc.toString(16).padStart(2, '0')}\n`
    s += `\t\t\tlink_layer:\t\t${linkLayer(p.linkLayer)}\n`
    if (verbose) s += devinfoVerbosePort(d, p)
    s += '\n'
  }
  return s
}

/** devinfo.c usage(): printed on stdout. */
function devinfoUsage(argv0: string): string {
  return `Usage: ${argv0}             print the ca attributes\n\nOptions:\n` +
    '  -d, --ib-dev=<dev>     use IB device <dev> (default first device found)\n' +
    '  -i, --ib-port=<port>   use port <port> of IB device (default all ports)\n' +
    '  -l, --list             print only the IB devices names\n' +
    '  -v, --verbose          print all the attributes of the IB device(s)\n'
}

/**
 * devinfo.c main(): -l lists and returns 0; -i needs a port > 0 (else usage, 1); an unknown
 * option is getopt's message plus usage (exit 255, main returns -1), as are "No IB devices
 * found" and an unknown -d device; an invalid port for the device is print_hca_cap's rc 4.
 * -v/--verbose adds the verbose device and port blocks.
 */
export const ibv_devinfo: NativeProgram = async (ctx) => {
  const argv0 = ctx.argv[0] ?? 'ibv_devinfo'
  const args = parseArgs(ctx.argv, { withValue: 'di', flags: 'lv', long: { 'ib-dev': 'd', 'ib-port': 'i', list: 'l', verbose: 'v' } })
  if (args.error !== undefined) {
    await ctx.write(2, `${argv0}: ${args.error}\n`)
    await ctx.write(1, devinfoUsage(argv0))
    return 255
  }
  const portArg = args.flags.get('i')?.at(-1)
  let port: number | null = null
  if (portArg !== undefined) {
    // strtol(optarg, NULL, 0): a prefix in C's bases, 0 when there is none.
    const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(portArg)
    port = m ? Number.parseInt(m[1] + m[2]!, m[2]!.startsWith('0x') || m[2]!.startsWith('0X') ? 16 : m[2]!.startsWith('0') && m[2]!.length > 1 ? 8 : 10) : 0
    if (!(port > 0)) {
      await ctx.write(1, devinfoUsage(argv0))
      return 1
    }
  }
  const r = info(ctx)
  if (!r) return noDevices(ctx, 255)
  if (args.flags.has('l')) {
    const n = r.devices.length
    await ctx.write(1, `${n} HCA${n === 1 ? '' : 's'} found:\n${r.devices.map((d) => `\t${d.name}\n`).join('')}\n`)
    return 0
  }
  let devices = r.devices
  const want = args.flags.get('d')?.at(-1)
  if (want !== undefined) {
    devices = devices.filter((d) => d.name === want)
    if (devices.length === 0) {
      await ctx.write(2, `IB device '${want}' wasn't found\n`)
      return 255
    }
  }
  if (devices.length === 0) {
    await ctx.write(2, 'No IB devices found\n')
    return 255
  }
  let rc = 0
  for (const d of devices) {
    if (port !== null && port > d.ports.length) {
      await ctx.write(2, 'Invalid port requested for device\n')
      rc |= 4
      continue
    }
    await ctx.write(1, devinfoText(d, port, args.flags.has('v')))
  }
  return rc
}

const PHYS_STATE: Record<number, string> = { 0: 'NOP', 1: 'SLEEP', 2: 'POLLING', 3: 'DISABLED', 4: 'ARMED', 5: 'LINK_UP', 6: 'LINK_ERROR_RECOVER', 7: 'PHY_TEST' }
const LINK_STATE: Record<number, string> = { 0: 'NOP', 1: 'DOWN', 2: 'INIT', 3: 'ARMED', 4: 'ACTIVE', 5: 'ACTIVE_DEFER' }

export const rdma: NativeProgram = async (ctx) => {
  const r = info(ctx)
  if (!r) {
    await ctx.write(2, 'Failed to open NETLINK_RDMA socket\n')
    return 1
  }
  const a = ctx.argv.slice(1)
  const is = (word: string | undefined, full: string) => word !== undefined && word.length > 0 && full.startsWith(word)
  if (is(a[0], 'system') && (a[1] === undefined || is(a[1], 'show'))) {
    // rdma/sys.c: netns and privileged-qkey only when the kernel sends them; monitor and
    // copy-on-fork always ("off" when absent).
    let out = ''
    if (r.sys.netnsShared !== null) out += `netns ${r.sys.netnsShared ? 'shared' : 'exclusive'} `
    if (r.sys.privilegedQkey !== null) out += `privileged-qkey ${r.sys.privilegedQkey ? 'on' : 'off'} `
    out += 'monitor off '
    out += `copy-on-fork ${r.sys.copyOnFork ? 'on' : 'off'}\n`
    await ctx.write(1, out)
    return 0
  }
  if (a.length === 0 || !is(a[0], 'link') && !is(a[0], 'resource')) {
    await ctx.write(2, `Object "${a[0] ?? ''}" is unknown, try "rdma help".\n`)
    return 1
  }
  if (is(a[0], 'link')) {
    if (a.length > 1 && !is(a[1], 'show') && !is(a[1], 'list')) {
      await ctx.write(2, `Command "${a[1]}" is unknown, try "rdma link help".\n`)
      return 1
    }
    const filter = a[2]
    let out = ''
    for (const d of r.devices) {
      for (const p of d.ports) {
        if (filter !== undefined && filter !== d.name && filter !== `${d.name}/${p.num}`) continue
        out += `link ${d.name}/${p.num} `
        if (p.linkLayer === 1) {
          const sp = hex16(p.subnetPrefix).replace(/(....)(....)(....)(....)/, '$1:$2:$3:$4')
          out += `subnet_prefix ${sp} lid ${p.lid} sm_lid ${p.smLid} lmc ${p.lmc} `
        }
        out += `state ${LINK_STATE[p.state] ?? 'UNKNOWN'} physical_state ${PHYS_STATE[p.physState] ?? 'UNKNOWN'} \n`
      }
    }
    await ctx.write(1, out)
    return 0
  }
  return rdmaResource(ctx, r, a.slice(1))
}

type ResObject = 'qp' | 'cm_id' | 'cq' | 'mr' | 'pd'
type Attrs = Record<string, number | string | undefined>

/** rdma/res.h: the filters each object accepts ({name, is_number}). */
const RES_FILTERS: Record<ResObject, Array<[string, boolean]>> = {
  pd: [['dev', false], ['users', true], ['pid', true], ['ctxn', true], ['pdn', true]],
  mr: [['dev', false], ['rkey', true], ['lkey', true], ['mrlen', true], ['pid', true], ['mrn', true], ['pdn', true]],
  cq: [['dev', false], ['users', true], ['poll-ctx', false], ['pid', true], ['cqn', true], ['ctxn', true]],
  cm_id: [['link', false], ['lqpn', true], ['qp-type', false], ['state', false], ['ps', false], ['dev-type', false], ['transport-type', false], ['pid', true], ['src-addr', false], ['src-port', true], ['dst-addr', false], ['dst-port', true], ['cm-idn', true]],
  qp: [['link', false], ['lqpn', true], ['rqpn', true], ['pid', true], ['sq-psn', true], ['rq-psn', true], ['type', false], ['path-mig-state', false], ['state', false], ['pdn', true]]
}
const QP_TYPES = ['SMI', 'GSI', 'RC', 'UC', 'UD', 'RAW_IPV6', 'RAW_ETHERTYPE', 'UNKNOWN', 'RAW_PACKET', 'XRC_INI', 'XRC_TGT']
const QP_STATES = ['RESET', 'INIT', 'RTR', 'RTS', 'SQD', 'SQE', 'ERR']
const PATH_MIG = ['MIGRATED', 'REARM', 'ARMED']

/** rdma/utils.c strcmpx: the typed word is a prefix of the keyword. */
const prefixOf = (typed: string, keyword: string) => typed.length <= keyword.length && keyword.startsWith(typed)

/**
 * rdma/utils.c rd_check_is_filtered: a numeric filter is a list of numbers and ranges
 * ("1,3-7": each number matches itself, a range the values strictly inside); rd_check_is_string_filtered: a
 * comma list compared case-insensitively. An attribute the kernel did not send is filtered out
 * when a filter names it (rd_is_filtered_attr).
 */
function passes(filters: Array<[string, string]>, attr: string, value: number | string | undefined): boolean {
  for (const [key, want] of filters) {
    if (!prefixOf(key, attr)) continue
    if (value === undefined) return false
    if (typeof value === 'string') return want.split(',').some((w) => w.length > 0 && w.toLowerCase() === value.toLowerCase())
    let left = 0
    let range = false
    for (const m of want.matchAll(/(\d+)|([^\d])/g)) {
      if (m[1] !== undefined) {
        const n = Number.parseInt(m[1], 10)
        if (n === value || (range && left < value && value < n)) return true
        left = n
        range = false
      } else if (m[2] === '-') range = true
    }
    return false
  }
  return true
}

/** One `name value ` pair per present attribute, in iproute2's print order. */
function fields(list: Array<[string, number | string | undefined]>): string {
  return list.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v} `).join('')
}

/**
 * `rdma resource`: rdma/res.c cmd_res/res_show and the res-*.c printers. Summary lines are
 * `%u: %s: ` then `name count ` per kernel entry; object lines print each attribute the kernel
 * sent, keys as 0x%x, `comm` last. Unknown words: rd_exec_cmd's "Unknown %s '%s'." (which
 * returns 0 in the iproute2 source, so the exit status is 0); filter and device errors exit 1.
 */
async function rdmaResource(ctx: ProcessContext, r: RdmaInfo, a: readonly string[]): Promise<number> {
  const err = async (msg: string, status: number) => {
    await ctx.write(2, msg)
    return status
  }
  if (a.length > 0 && !prefixOf(a[0]!, 'show') && !prefixOf(a[0]!, 'list')) {
    if (prefixOf(a[0]!, 'help')) {
      await ctx.write(1, 'Usage: rdma resource\n' + [
        'resource show [DEV]', 'resource show [qp|cm_id|pd|mr|cq]', 'resource show qp link [DEV/PORT]',
        'resource show qp link [DEV/PORT] [FILTER-NAME FILTER-VALUE]', 'resource show cm_id link [DEV/PORT]',
        'resource show cm_id link [DEV/PORT] [FILTER-NAME FILTER-VALUE]', 'resource show cq link [DEV/PORT]',
        'resource show cq link [DEV/PORT] [FILTER-NAME FILTER-VALUE]', 'resource show pd dev [DEV]',
        'resource show pd dev [DEV] [FILTER-NAME FILTER-VALUE]', 'resource show mr dev [DEV]',
        'resource show mr dev [DEV] [FILTER-NAME FILTER-VALUE]'
      ].map((l) => `          ${l}\n`).join(''))
      return 0
    }
    return err(`Unknown resource command '${a[0]}'.\n`, 0)
  }
  const args = a.slice(1)
  const summary = (devs: RdmaInfo['devices']) =>
    devs.map((d) => `${r.devices.indexOf(d)}: ${d.name}: ${d.res.summary.map(([n, v]) => `${n} ${v} `).join('')}\n`).join('')
  if (args.length === 0) {
    await ctx.write(1, summary(r.devices))
    return 0
  }
  // "rdma res show DEV_NAME"
  const named = r.devices.find((d) => d.name === args[0])
  if (args.length === 1 && named) {
    await ctx.write(1, summary([named]))
    return 0
  }
  const obj = (['qp', 'cm_id', 'cq', 'mr', 'pd'] as const).find((o) => prefixOf(args[0]!, o))
  if (!obj) return err(`Unknown parameter '${args[0]}'.\n`, 0)
  const rest = args.slice(1)
  // rd_build_filter: pairs of FILTER-NAME FILTER-VALUE, including dev/link.
  const filters: Array<[string, string]> = []
  if (rest.length === 1) return err(`No filter data was supplied to filter option ${rest[0]}\n`, 1)
  if (rest.length % 2) return err('There is filter option without data\n', 1)
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i]!
    const value = rest[i + 1]!
    const spec = RES_FILTERS[obj].find(([name]) => prefixOf(key, name))
    if (!spec) return err(`Unsupported filter option: ${key}\n`, 1)
    if (spec[1] && !/^[0-9,-]*$/.test(value)) return err(`${key} filter accepts "1234567890,-" characters only\n`, 1)
    filters.push([key, value])
  }
  // rd_set_arg_to_devname: the word after "dev"/"link" selects the device (and port for qp).
  const devAt = rest.findIndex((w, i) => i % 2 === 0 && (prefixOf(w, 'dev') || prefixOf(w, 'link')))
  const devArg = devAt >= 0 ? rest[devAt + 1]! : undefined
  let devices = r.devices
  let onlyPort: number | null = null
  if (devArg !== undefined) {
    if (obj === 'qp' || obj === 'cm_id') {
      // rd_exec_link: DEV or DEV/PORT.
      const slash = devArg.lastIndexOf('/')
      const name = slash < 0 ? devArg : devArg.slice(0, slash)
      const d = r.devices.find((x) => x.name === name)
      const portText = slash < 0 ? '' : devArg.slice(slash + 1)
      const port = /^\d/.test(portText) ? Number.parseInt(portText, 10) : 0
      if (!d || port > d.ports.length || (port === 0 && portText.length > 0)) return err('Wrong device name\n', 1)
      devices = [d]
      if (port > 0) onlyPort = port
    } else {
      const d = r.devices.find((x) => x.name === devArg)
      if (!d) return err(`Wrong device name - ${devArg}\n`, 1)
      devices = [d]
    }
  }
  let out = ''
  const line = (attrs: Attrs, list: Array<[string, number | string | undefined]>) => {
    for (const [name, v] of Object.entries(attrs)) if (!passes(filters, name, v)) return
    out += fields(list) + '\n'
  }
  for (const d of devices) {
    const res = d.res
    if (obj === 'qp') {
      // rd_exec_link without strict_port: a pass for "no port" (QPs still in RESET), then each port.
      const ports = onlyPort !== null ? [onlyPort] : [0, ...d.ports.map((p) => p.num)]
      for (const port of ports) {
        for (const q of res.qp) {
          if ((q.port ?? 0) !== port) continue
          const type = QP_TYPES[q.type] ?? 'UNKNOWN'
          const state = QP_STATES[q.state] ?? 'UNKNOWN'
          const mig = q.pathMigState === undefined ? undefined : PATH_MIG[q.pathMigState] ?? 'UNKNOWN'
          line(
            { lqpn: q.lqpn, pdn: q.pdn, rqpn: q.rqpn, 'rq-psn': q.rqPsn, 'sq-psn': q.sqPsn, 'path-mig-state': mig, type, state, pid: q.pid },
            [['link', `${d.name}/${q.port ?? '-'}`], ['lqpn', q.lqpn], ['rqpn', q.rqpn], ['type', type], ['state', state], ['rq-psn', q.rqPsn],
              ['sq-psn', q.sqPsn], ['path-mig-state', mig], ['pdn', q.pdn], ['pid', q.pid], ['comm', q.comm]]
          )
        }
      }
    } else if (obj === 'cq') {
      for (const c of res.cq) {
        line({ users: c.users, pid: c.pid, cqn: c.cqn, ctxn: c.ctxn },
          [['dev', d.name], ['cqn', c.cqn], ['cqe', c.cqe], ['users', c.users],
            ['adaptive-moderation', c.dim === undefined ? undefined : c.dim ? 'on' : 'off'], ['ctxn', c.ctxn], ['pid', c.pid], ['comm', c.comm]])
      }
    } else if (obj === 'pd') {
      const hex = (v: number | undefined) => (v === undefined ? undefined : `0x${(v >>> 0).toString(16)}`)
      for (const p of res.pd) {
        line({ users: p.users, pid: p.pid, ctxn: p.ctxn, pdn: p.pdn },
          [['dev', d.name], ['pdn', p.pdn], ['local_dma_lkey', hex(p.localDmaLkey)], ['users', p.users],
            ['unsafe_global_rkey', hex(p.unsafeGlobalRkey)], ['ctxn', p.ctxn], ['pid', p.pid], ['comm', p.comm]])
      }
    } else if (obj === 'mr') {
      const hex = (v: number | undefined) => (v === undefined ? undefined : `0x${(v >>> 0).toString(16)}`)
      for (const m of res.mr) {
        line({ rkey: m.rkey, lkey: m.lkey, mrlen: m.mrlen, pid: m.pid, mrn: m.mrn, pdn: m.pdn },
          [['dev', d.name], ['mrn', m.mrn], ['rkey', hex(m.rkey)], ['lkey', hex(m.lkey)], ['mrlen', m.mrlen], ['pdn', m.pdn],
            ['pid', m.pid], ['comm', m.comm]])
      }
    }
    // cm_id: no RDMA CM in this model, the kernel sends no entries.
  }
  await ctx.write(1, out)
  return 0
}

/** rdma_peer: drives the second host on the fabric (os/rdma-peer.ts for the commands). */
export const rdma_peer: NativeProgram = async (ctx) => {
  const r = ctx.system?.rdmaPeer?.(ctx.argv) ?? null
  if (!r) {
    await ctx.write(2, 'rdma_peer: no RDMA fabric on this machine\n')
    return 1
  }
  if (r.out) await ctx.write(1, r.out)
  if (r.err) await ctx.write(2, r.err)
  return r.status
}
