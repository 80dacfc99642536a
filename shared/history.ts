import type { KernelVersion } from './kernel-versions'

/**
 * Time travel: the types of a session's recorded history (issue 7).
 *
 * A machine is deterministic (seeded scheduler, virtual clock), so its state after a sequence of
 * steps is a function of the boot parameters and the steps. The host records each step as it
 * happens; undo, redo, goto and the side-by-side rerun on another kernel version restore a
 * machine by replaying the recorded steps on a fresh boot (from the nearest checkpoint when one
 * exists) and restore the terminal from the recorded transcript.
 *
 * Types only: no imports from electron/, no DOM, no Node, no zod.
 */

export const SESSION_RECORD_VERSION = 1

/**
 * What one step was:
 * - `command`: a line the learner submitted at the shell prompt;
 * - `hidden`: a command the host ran for a lab's setup (its output is not shown);
 * - `write-file`: a file saved from the editor (or placed by a lab), `command` is the path.
 */
export type StepKind = 'command' | 'hidden' | 'write-file'

/** Keystrokes that reached the machine while a command ran (a program's stdin, Ctrl-C). */
export interface RecordedInput {
  /** Virtual clock (ns) when the input was delivered. */
  clock: number
  data: string
}

export interface StepRecord {
  kind: StepKind
  /** The command line (command, hidden) or the absolute path (write-file). */
  command: string
  /** write-file: the file's new content. */
  content?: string
  /** Virtual clock (ns) when the step began; replay advances the idle machine to it first. */
  clock: number
  inputs: RecordedInput[]
  /** The kernel version the machine ran when the step began. */
  kernel: KernelVersion
  /** `$?` after the step; null while it runs (and for write-file). */
  exitStatus: number | null
  /**
   * The terminal bytes the step produced, from the echo of its command line to the next prompt
   * inclusive (empty for hidden and write-file steps). The transcript at position p is the
   * record's `banner` followed by the outputs of steps 0 … p-1.
   */
  output: string
  /** Lab setup: undo never goes before a fence step. */
  fence: boolean
}

/** A whole session, serialisable: what a saved free-play machine and an exported history hold. */
export interface SessionRecord {
  version: typeof SESSION_RECORD_VERSION
  /** The kernel the machine booted with (steps may reboot into another). */
  kernel: KernelVersion
  seed: number
  user: 'root' | 'student'
  /** Terminal bytes before the first step: the banner and the first prompt. */
  banner: string
  steps: StepRecord[]
  /** How many steps are applied (steps past it are the redo future). */
  position: number
}

/** A step as the renderer lists it (no contents). */
export interface StepSummary {
  index: number
  kind: StepKind
  /** Words for the step list, e.g. `./cow`, `saved /root/cow.c`, `lab setup: gcc …`. */
  label: string
  kernel: KernelVersion
  exitStatus: number | null
  fence: boolean
}

export interface HistoryState {
  sessionId: string
  steps: StepSummary[]
  /** Steps applied; steps[position…] are the future that redo replays. */
  position: number
  canUndo: boolean
  canRedo: boolean
  /** A command is running or a restore is in progress: undo/redo/goto are refused meanwhile. */
  busy: boolean
  /**
   * The history hit its bounds (steps or kept output) and records nothing more; undo, redo and
   * goto are off from here (the terminal said so). Absent while it records.
   */
  full?: boolean
}
