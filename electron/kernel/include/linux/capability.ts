/** Capabilities PinLab checks (include/uapi/linux/capability.h). */
export const CAP_IPC_LOCK = 14
export const CAP_SYS_ADMIN = 21
export const CAP_SYS_RESOURCE = 24
