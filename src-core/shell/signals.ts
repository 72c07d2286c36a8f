/*
 * Signal numbers, names and strsignal() texts (ARM Linux numbering), shared
 * by kill/trap, the job reports and the messages ash prints when a job dies.
 */

/** Signal names as busybox's get_signum/print_signames know them (ARM numbering). */
export const SIGNALS = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS']

/** A signal number from "9", "KILL" or "SIGKILL"; -1 if unknown. */
export function signum(s: string): number {
  if (/^\d+$/.test(s)) return Number(s) < 65 ? Number(s) : -1
  const name = s.toUpperCase().replace(/^SIG/, '')
  return name === 'IO' ? 29 : SIGNALS.indexOf(name)
}

/** strsignal() texts ash prints when a foreground job dies of a signal. */
export const SIGNAL_TEXT: Record<number, string> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted', 7: 'Bus error',
  8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1', 11: 'Segmentation fault', 12: 'User defined signal 2',
  13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 24: 'CPU time limit exceeded'
}
