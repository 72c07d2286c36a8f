/*
 * The IPC vocabulary between main and the preload: three channels, nothing
 * else is listened to. Machine traffic does not use IPC at all: it flows on
 * the MessagePort pair (renderer <-> utilityProcess) handed over on
 * MACHINE_PORT. The renderer's copy of this contract is
 * src-renderer/src/transport/electron.ts (KmemlabBridge).
 */

/** renderer → main: "give me a channel to the machine" (on load, and after a reload). */
export const REQUEST_PORT = 'kmemlab:request-port'
/** main → renderer, with one transferred MessagePort; the payload is a PortReason (supervisor.ts). */
export const MACHINE_PORT = 'kmemlab:machine-port'
/** main → renderer: a menu command the renderer carries out (it owns the board settings). */
export const MENU = 'kmemlab:menu'
/** main → renderer: the machine process could not be kept alive, or the share folder changed. */
export const MACHINE_EVENT = 'kmemlab:machine-event'

/** The tag on the window.postMessage the preload uses to hand the port to the page. */
export const PORT_MESSAGE_TAG = 'kmemlab:machine-port'

export const MENU_ACTIONS = ['reset', 'power-off', 'power-on'] as const
export type MenuAction = (typeof MENU_ACTIONS)[number]

export function isMenuAction(a: unknown): a is MenuAction {
  return typeof a === 'string' && (MENU_ACTIONS as readonly string[]).includes(a)
}

export type MachineEvent =
  | { kind: 'gave-up'; message: string }
  | { kind: 'share-dir'; dir: string }

export function isMachineEvent(e: unknown): e is MachineEvent {
  if (typeof e !== 'object' || e === null) return false
  const o = e as Record<string, unknown>
  return (o.kind === 'gave-up' && typeof o.message === 'string') || (o.kind === 'share-dir' && typeof o.dir === 'string')
}
