/**
 * ibv_devices, ibv_devinfo and rdma (electron/userland/tools/rdma-tools.ts) against the format
 * strings of userspace-api.md §2.1–2.3 (device_list.c, devinfo.c, iproute2 rdma/link.c and
 * res-mr.c), and the machine's view of its HCA (os/system-info.ts) after a real registration.
 */
import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import type { NativeProgram, RdmaInfo, SystemInfo } from '../../../../electron/userland/shell/os'
import { ibv_devices, ibv_devinfo, rdma } from '../../../../electron/userland/tools/rdma-tools'
import { bootMachine } from '../../../../electron/userland/os/boot'
import { ib_uverbs_cdev } from '../../../../electron/kernel/drivers/infiniband/core/uverbs'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../../electron/kernel'
import type { KernelVersion } from '../../../../shared/kernel-versions'

function machineInfo(withMr: boolean, kernel: KernelVersion = '6.18'): RdmaInfo {
  const m = bootMachine({ kernel, yieldToHost: () => Promise.resolve() })
  const task = m.kernel.createProcess({ comm: 'ibv_rc_pingpong', uid: 0 })
  if (withMr) {
    const cdev = ib_uverbs_cdev(m.kernel)
    const uc = cdev.get_context({}, task)
    if (typeof uc === 'number') throw new Error('context')
    const a = m.kernel.mmap(task, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    uc.alloc_pd()
    const pd = uc.alloc_pd()
    uc.reg_mr(task, pd.handle, a, 4096, a, 1)
    uc.reg_mr(task, pd.handle, a, 8192, a, 1)
  }
  const info = m.systemInfo().rdma!()
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
    const v = await run(ibv_devinfo, ['ibv_devinfo', '-v'], info)
    expect([v.err, v.status]).toEqual(["ibv_devinfo: invalid option -- 'v'\n", 255])
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
    const info = machineInfo(true)
    const root = await run(rdma, ['rdma', 'resource', 'show', 'mr'], info, 0)
    expect(root.out).toBe(
      'dev mlx5_0 mrn 0 rkey 0x140 lkey 0x140 mrlen 4096 pdn 1 pid 2 comm ibv_rc_pingpong \n' +
        'dev mlx5_0 mrn 1 rkey 0x241 lkey 0x241 mrlen 8192 pdn 1 pid 2 comm ibv_rc_pingpong \n'
    )
    const user = await run(rdma, ['rdma', 'res', 'show', 'mr'], info, 1000)
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
