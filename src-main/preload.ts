/*
 * The preload (sandboxed, built as CommonJS: out/preload/preload.cjs). It
 * exposes a few methods as window.kmemlab and hands the machine's MessagePort
 * to the page with window.postMessage (ports cannot cross contextBridge).
 * Only the channels in channels.ts are used; payloads are checked here too.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { MACHINE_EVENT, MACHINE_PORT, MENU, PORT_MESSAGE_TAG, REQUEST_PORT, isMachineEvent, isMenuAction } from './channels'
import type { MachineEvent, MenuAction } from './channels'

ipcRenderer.on(MACHINE_PORT, (event: IpcRendererEvent, reason: unknown) => {
  if (event.ports.length !== 1) return
  window.postMessage({ tag: PORT_MESSAGE_TAG, reason }, '*', event.ports)
})

function subscribe<T>(channel: string, check: (v: unknown) => v is T, cb: (v: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError('callback required')
  const listener = (_e: IpcRendererEvent, v: unknown): void => {
    if (check(v)) cb(v)
  }
  ipcRenderer.on(channel, listener)
  return () => void ipcRenderer.off(channel, listener)
}

contextBridge.exposeInMainWorld('kmemlab', {
  bridgeVersion: 1,
  platform: process.platform,
  /** Ask main for a channel to the machine; it arrives as a window message tagged PORT_MESSAGE_TAG. */
  requestPort: (): void => ipcRenderer.send(REQUEST_PORT),
  onMenu: (cb: (action: MenuAction) => void): (() => void) => subscribe(MENU, isMenuAction, cb),
  onMachineEvent: (cb: (e: MachineEvent) => void): (() => void) => subscribe(MACHINE_EVENT, isMachineEvent, cb)
})
