/** The shell's builtins by name. */
import type { Builtin } from './types'
import { echo } from './echo'
import { clear, falseBuiltin, trueBuiltin } from './simple'
import { cd, pwd } from './dirs'
import { exportBuiltin, set, shift, unset } from './vars'
import { exit } from './exit'
import { history } from './history'
import { ulimit } from './ulimit'
import { su } from './su'
import { reboot } from './reboot'
import { type } from './type'
import { read } from './read'
import { test } from './test'
import { help } from './help'
import { kill } from './kill'
import { printf } from './printf'
import { wait } from './wait'
import { breakBuiltin, continueBuiltin } from './loop'
import { source } from './source'

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  cd,
  pwd,
  echo,
  export: exportBuiltin,
  unset,
  set,
  shift,
  exit,
  logout: exit,
  true: trueBuiltin,
  false: falseBuiltin,
  ':': trueBuiltin,
  type,
  history,
  ulimit,
  su,
  help,
  clear,
  reboot,
  read,
  test,
  '[': test,
  kill,
  printf,
  wait,
  break: breakBuiltin,
  continue: continueBuiltin,
  source,
  '.': source
}
