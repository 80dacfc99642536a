/** /bin/true and /bin/false. */
import type { NativeProgram } from '../shell/os'

export const trueProgram: NativeProgram = async () => 0
export const falseProgram: NativeProgram = async () => 1
