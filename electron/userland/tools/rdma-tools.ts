/**
 * The RDMA inspection tools, printing rdma-core's and iproute2's formats (userspace-api.md §2.1–2.3):
 *  - ibv_devices (libibverbs/examples/device_list.c);
 *  - ibv_devinfo [-d dev] [-i port] [-l] (examples/devinfo.c, non-verbose; -v is refused);
 *  - rdma system show (rdma/sys.c: netns and privileged-qkey only when the kernel sends them,
 *    monitor off, copy-on-fork on from 5.13);
 *  - rdma link [show [DEV[/PORT]]] and rdma resource show mr (iproute2 rdma/link.c, res-mr.c;
 *    MR keys only for CAP_NET_ADMIN, i.e. root here).
 *  - rdma_peer: the second host's commands (os/rdma-peer.ts).
 * Without RDMA in the kernel: `Failed to get IB devices list: Function not implemented` (perror
 * after ibv_get_device_list's ENOSYS) and `Failed to open NETLINK_RDMA socket`.
 */
import type { NativeProgram, ProcessContext, RdmaDeviceInfo, RdmaInfo } from '../shell/os'
import { parseArgs } from './lib'

function info(ctx: ProcessContext): RdmaInfo | null {
  return ctx.system?.rdma?.() ?? null
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

function devinfoText(d: RdmaDeviceInfo, port: number | null): string {
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
 * -v is not provided (its block differs between rdma-core releases and the reference does not
 * give all of it): it is refused like an unknown option.
 */
export const ibv_devinfo: NativeProgram = async (ctx) => {
  const argv0 = ctx.argv[0] ?? 'ibv_devinfo'
  const args = parseArgs(ctx.argv, { withValue: 'di', flags: 'l', long: { 'ib-dev': 'd', 'ib-port': 'i', list: 'l' } })
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
    await ctx.write(1, devinfoText(d, port))
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
  // rdma resource show mr
  if (!is(a[1], 'show') || a[2] === undefined || !is(a[2], 'mr')) {
    await ctx.write(2, 'rdma: only "rdma resource show mr" is provided\n')
    return 1
  }
  const admin = ctx.getuid() === 0
  let out = ''
  for (const d of r.devices) {
    for (const mr of d.mrs) {
      out += `dev ${d.name} mrn ${mr.mrn} `
      if (admin) out += `rkey 0x${mr.rkey.toString(16)} lkey 0x${mr.lkey.toString(16)} `
      out += `mrlen ${mr.mrlen} pdn ${mr.pdn} pid ${mr.pid} comm ${mr.comm} \n`
    }
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
