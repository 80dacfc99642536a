/**
 * What an RDMA-capable host shows user space at boot (ib_core + mlx5_ib loaded): the uverbs char
 * device /dev/infiniband/uverbs0 (major 231, minor 192) backed by the kernel's uverbs layer, and
 * the sysfs entries libibverbs and the tools look at (/sys/class/infiniband_verbs/uverbs0 with its
 * ibdev and abi_version, /sys/class/infiniband/mlx5_0 with node_guid and port 1's lid/state).
 * A second host with its own HCA (LID 2) is cabled to this one (os/rdma-peer.ts).
 * A machine booted with `rdma: false` has none of it, like this machine natively.
 */
import type { Kernel } from '../../kernel/kernel'
import type { Vfs } from '../../kernel/fs/vfs'
import { ib_uverbs_cdev } from '../../kernel/drivers/infiniband/core/uverbs'
import { rdma_peer_boot } from './rdma-peer'

function guidText(g: bigint): string {
  const h = g.toString(16).padStart(16, '0')
  return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}`
}

export function rdma_register(vfs: Vfs, k: Kernel): void {
  // sysfs is world-readable (dr-xr-xr-x): libibverbs runs as any user. (/sys was created 0700
  // together with debugfs by the root file system.)
  const sys = vfs.mkdirs('/sys')
  sys.mode = (sys.mode & ~0o7777) | 0o555
  const cdev = ib_uverbs_cdev(k)
  const dev = cdev.dev
  vfs.mkdirs('/dev/infiniband')
  vfs.mknodChar(`/dev/infiniband/${dev.uverbsName}`, cdev, 0o666, (231 << 8) | 192)
  const uv = `/sys/class/infiniband_verbs/${dev.uverbsName}`
  vfs.mkdirs(uv)
  vfs.writeFile('/sys/class/infiniband_verbs/abi_version', '6\n', 0o444)
  vfs.writeFile(`${uv}/ibdev`, `${dev.name}\n`, 0o444)
  vfs.writeFile(`${uv}/abi_version`, '1\n', 0o444)
  const ib = `/sys/class/infiniband/${dev.name}`
  vfs.mkdirs(`${ib}/ports/1`)
  vfs.writeFile(`${ib}/node_type`, '1: CA\n', 0o444)
  vfs.writeFile(`${ib}/node_guid`, `${guidText(dev.attr.nodeGuid)}\n`, 0o444)
  vfs.writeFile(`${ib}/sys_image_guid`, `${guidText(dev.attr.sysImageGuid)}\n`, 0o444)
  vfs.writeFile(`${ib}/fw_ver`, `${dev.attr.fwVer}\n`, 0o444)
  vfs.writeFile(`${ib}/hca_type`, 'MT4123\n', 0o444)
  vfs.writeFile(`${ib}/board_id`, 'MT_0000000223\n', 0o444)
  vfs.writeFile(`${ib}/ports/1/lid`, `0x${dev.port.lid.toString(16)}\n`, 0o444)
  vfs.writeFile(`${ib}/ports/1/sm_lid`, `0x${dev.port.smLid.toString(16)}\n`, 0o444)
  vfs.writeFile(`${ib}/ports/1/state`, '4: ACTIVE\n', 0o444)
  vfs.writeFile(`${ib}/ports/1/phys_state`, '5: LinkUp\n', 0o444)
  vfs.writeFile(`${ib}/ports/1/link_layer`, 'InfiniBand\n', 0o444)
  // The second host on the fabric (LID 2), driven by the rdma_peer command.
  rdma_peer_boot(k)
}
