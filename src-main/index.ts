/*
 * Electron main process: thin on purpose. It opens the window (hardened per
 * security.ts), runs the machine in a utilityProcess kept alive by
 * MachineSupervisor, hands the renderer a MessagePort straight to it, keeps
 * the share folder setting and builds the menu. The machine's messages never
 * pass through here.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, session, shell, utilityProcess } from 'electron'
import type { MessagePortMain, WebContents } from 'electron'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MACHINE_EVENT, MACHINE_PORT, MENU, REQUEST_PORT } from './channels'
import type { MachineEvent, MenuAction } from './channels'
import { menuTemplate } from './menu'
import { hardenSession, hardenWebContents } from './security'
import { loadSettings, saveSettings } from './settings'
import { MachineSupervisor } from './supervisor'
import type { RendererSink } from './supervisor'

const here = path.dirname(fileURLToPath(import.meta.url))
const isDev = !app.isPackaged
const devServerUrl = isDev ? (process.env.ELECTRON_RENDERER_URL ?? null) : null

let mainWindow: BrowserWindow | null = null
const settingsFile = (): string => path.join(app.getPath('userData'), 'settings.json')
let settings = { shareDir: '' }

const supervisor = new MachineSupervisor<MessagePortMain>({
  fork: () => utilityProcess.fork(path.join(here, 'machine-process.js'), [], {
    serviceName: 'kmemlab machine',
    stdio: 'inherit'
  }),
  createChannel: () => new MessageChannelMain(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  now: () => Date.now(),
  log: (line) => console.log(`[supervisor] ${line}`)
})

function sinkFor(wc: WebContents): RendererSink<MessagePortMain> {
  return {
    givePort: (port, reason) => {
      if (wc.isDestroyed()) return port.close()
      wc.postMessage(MACHINE_PORT, reason, [port])
    },
    gaveUp: (message) => sendEvent(wc, { kind: 'gave-up', message })
  }
}

function sendEvent(wc: WebContents, e: MachineEvent): void {
  if (!wc.isDestroyed()) wc.send(MACHINE_EVENT, e)
}

function sendMenu(action: MenuAction): void {
  const wc = mainWindow?.webContents
  if (!wc) return
  // After the supervisor gave up, Machine > Power On tries a fresh machine process.
  if (action === 'power-on' && supervisor.gaveUp) {
    supervisor.start()
    supervisor.connectRenderer(sinkFor(wc))
    return
  }
  wc.send(MENU, action)
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'kmemlab',
    backgroundColor: '#101418',
    webPreferences: {
      // electronegativity PRELOAD_JS_CHECK (reviewed): the preload is ours, runs sandboxed with
      // context isolation, and exposes only the port request and menu events (preload.ts).
      preload: path.join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      // Middle-click would open links in new windows without a click event to veto (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: isDev
    }
  })
  mainWindow = win
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  if (devServerUrl) void win.loadURL(devServerUrl)
  else void win.loadFile(path.join(here, '../renderer/index.html'))
}

async function changeShareFolder(): Promise<void> {
  const opts = { title: 'Folder shared at /mnt', defaultPath: settings.shareDir, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> }
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts)
  const dir = r.filePaths[0]
  if (r.canceled || !dir) return
  settings = { ...settings, shareDir: dir }
  saveSettings(settingsFile(), settings)
  supervisor.setShareDir(dir)
  if (mainWindow) sendEvent(mainWindow.webContents, { kind: 'share-dir', dir })
}

function about(): void {
  const detail = [
    `Version ${app.getVersion()}`,
    'A simulated QEMU vexpress-a9 board running Linux 6.1\'s memory subsystem.',
    `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    `Share folder (/mnt): ${settings.shareDir}`
  ].join('\n')
  const opts = { type: 'info' as const, title: 'About kmemlab', message: 'kmemlab', detail }
  void (mainWindow ? dialog.showMessageBox(mainWindow, opts) : dialog.showMessageBox(opts))
}

// One instance: a second launch focuses the first window.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  hardenWebContents(app)

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, devServerUrl)
    settings = loadSettings(settingsFile(), { shareDir: path.join(app.getPath('documents'), 'kmemlab') })
    supervisor.setShareDir(settings.shareDir)
    supervisor.start()

    ipcMain.on(REQUEST_PORT, (event) => {
      // Only the app window's top frame may ask for the machine.
      if (!mainWindow || event.sender !== mainWindow.webContents || event.senderFrame !== event.sender.mainFrame) return
      supervisor.connectRenderer(sinkFor(event.sender))
    })

    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
      openShareFolder: () => void shell.openPath(settings.shareDir),
      changeShareFolder: () => void changeShareFolder(),
      machine: sendMenu,
      about
    }, { isDev, isMac: process.platform === 'darwin' })))

    createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', () => supervisor.stop())
}
