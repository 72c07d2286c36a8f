/*
 * Renderer entry: pick the transport (Electron's preload bridge if present,
 * otherwise a Web Worker running the machine), make the store, mount the UI.
 */
import { mount } from 'svelte'
import App from './App.svelte'
import { MachineStore } from './lib/machine.svelte'
import { i18n } from './lib/i18n.svelte'
import { settings } from './lib/settings.svelte'
import { ViewsStore } from './lib/views.svelte'
import { PanelsStore } from './lib/panels.svelte'
import { ElectronTransport } from './transport/electron'
import type { MachineTransport } from './transport/types'
import './app.css'

async function openTransport(): Promise<MachineTransport> {
  if (window.kmemlab) return new ElectronTransport(window.kmemlab)
  const { WorkerTransport } = await import('./transport/worker')
  return new WorkerTransport()
}

async function start(): Promise<void> {
  document.documentElement.lang = i18n.locale
  settings.apply()
  const transport = await openTransport()
  const store = new MachineStore(transport)
  const views = new ViewsStore(transport, settings.theme)
  const panels = new PanelsStore(transport)
  window.__kmemlab = { ...(window.__kmemlab ?? {}), store, views, panels }
  window.kmemlab?.onMenu((action) => {
    if (action === 'reset') store.reset()
    else if (action === 'power-off') store.powerOff()
    else store.powerOn()
  })
  window.kmemlab?.onMachineEvent((e) => {
    if (e.kind === 'share-dir') store.showNotice({ kind: 'share-dir', dir: e.dir })
  })
  mount(App, { target: document.getElementById('app')!, props: { store, views, panels } })
}

void start()
