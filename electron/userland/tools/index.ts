/**
 * The machine's tools by the path they are installed at. The kernel (or the fake OS) installs
 * each as an executable file; the shell finds them through $PATH like any other program.
 */
import type { NativeProgram } from '../shell/os'
import { cat } from './cat'
import { echo } from './echo'
import { head } from './head'
import { tail } from './tail'
import { wc } from './wc'
import { grep } from './grep'
import { hexdump } from './hexdump'
import { xxd } from './xxd'
import { trueProgram, falseProgram } from './true'
import { env } from './env'
import { sleep } from './sleep'
import { uname } from './uname'
import { clear } from './clear'
import { help } from './help'
import { man } from './man'
import { ls } from './ls'
import { ps } from './ps'
import { free } from './free'
import { vmstat } from './vmstat'
import { dmesg } from './dmesg'
import { seq } from './seq'
import { sync } from './sync'
import { ibv_devices, ibv_devinfo, rdma, rdma_peer } from './rdma-tools'

export const TOOLS: Readonly<Record<string, NativeProgram>> = {
  '/usr/bin/cat': cat,
  '/usr/bin/echo': echo,
  '/usr/bin/head': head,
  '/usr/bin/tail': tail,
  '/usr/bin/wc': wc,
  '/usr/bin/grep': grep,
  '/usr/bin/hexdump': hexdump,
  '/usr/bin/xxd': xxd,
  '/usr/bin/true': trueProgram,
  '/usr/bin/false': falseProgram,
  '/usr/bin/env': env,
  '/usr/bin/sleep': sleep,
  '/usr/bin/uname': uname,
  '/usr/bin/clear': clear,
  '/usr/bin/help': help,
  '/usr/bin/man': man,
  '/usr/bin/ls': ls,
  '/usr/bin/ps': ps,
  '/usr/bin/free': free,
  '/usr/bin/vmstat': vmstat,
  '/usr/bin/dmesg': dmesg,
  '/usr/bin/seq': seq,
  '/usr/bin/sync': sync,
  '/usr/bin/ibv_devices': ibv_devices,
  '/usr/bin/ibv_devinfo': ibv_devinfo,
  '/usr/bin/rdma': rdma,
  '/usr/bin/rdma_peer': rdma_peer
}

/** Installs every tool through `install(path, program)` (FakeOs.installProgram, or the kernel's). */
export function installTools(install: (path: string, program: NativeProgram) => void): void {
  for (const [path, program] of Object.entries(TOOLS)) install(path, program)
}
