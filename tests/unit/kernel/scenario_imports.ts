export { SUPPORTED_KERNELS as SUPPORTED } from '../../../shared/kernel-versions'
export * from '../../../electron/kernel'
