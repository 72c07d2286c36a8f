/*
 * The application menu (basics for now; the full UI issue extends it).
 * Built from a plain template so the structure is testable without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuAction } from './channels'

export interface MenuHandlers {
  openShareFolder(): void
  changeShareFolder(): void
  machine(action: MenuAction): void
  about(): void
}

export function menuTemplate(h: MenuHandlers, opts: { isDev: boolean; isMac: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' }
  ]
  if (opts.isDev) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' })
  return [
    ...(opts.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Share Folder…', click: () => h.openShareFolder() },
        { label: 'Change Share Folder…', click: () => h.changeShareFolder() },
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    {
      label: '&Edit',
      submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }]
    },
    {
      label: '&Machine',
      submenu: [
        { label: 'Power On', click: () => h.machine('power-on') },
        { label: 'Reset', accelerator: 'CmdOrCtrl+Shift+R', click: () => h.machine('reset') },
        { label: 'Power Off', click: () => h.machine('power-off') }
      ]
    },
    { label: '&View', submenu: view },
    { role: 'help', submenu: [{ label: 'About kmemlab', click: () => h.about() }] }
  ]
}
