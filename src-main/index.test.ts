/*
 * The main process wired up with Electron mocked: window hardening, the
 * machine in a utilityProcess that is restarted when it exits, the port
 * hand-over only to the app window, the menu.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as os from 'node:os'
import * as path from 'node:path'
import * as fs from 'node:fs'

const h = vi.hoisted(() => {
  const state = {
    windows: [] as Array<{ opts: any; webContents: any; loaded: string | null }>,
    children: [] as Array<any>,
    forks: [] as Array<{ modulePath: string; options: any }>,
    ipc: new Map<string, (event: any, ...args: any[]) => void>(),
    menuTemplate: null as any,
    appEvents: new Map<string, (...args: any[]) => void>(),
    userData: '',
    documents: ''
  }
  return { state }
})

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const { state } = h
  class FakeWebContents extends EventEmitter {
    mainFrame = { id: 1 }
    posted: Array<{ channel: string; payload: unknown; ports: unknown[] }> = []
    sentEvents: Array<{ channel: string; payload: unknown }> = []
    windowOpenHandler: ((d: unknown) => unknown) | null = null
    isDestroyed = () => false
    postMessage(channel: string, payload: unknown, ports: unknown[]) {
      this.posted.push({ channel, payload, ports })
    }
    send(channel: string, payload: unknown) {
      this.sentEvents.push({ channel, payload })
    }
    setWindowOpenHandler(fn: (d: unknown) => unknown) {
      this.windowOpenHandler = fn
    }
  }
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents()
    loaded: string | null = null
    constructor(public opts: any) {
      super()
      state.windows.push(this as any)
      state.appEvents.get('web-contents-created')?.({}, this.webContents)
    }
    static getAllWindows = () => state.windows
    loadFile(p: string) {
      this.loaded = p
      return Promise.resolve()
    }
    loadURL(u: string) {
      this.loaded = u
      return Promise.resolve()
    }
    isMinimized = () => false
    focus() {}
    show() {}
  }
  class Child extends EventEmitter {
    sent: Array<{ message: unknown; transfer?: unknown[] }> = []
    postMessage(message: unknown, transfer?: unknown[]) {
      this.sent.push({ message, transfer })
    }
    kill() {
      this.emit('exit', 9)
      return true
    }
  }
  let portN = 0
  class MessageChannelMain {
    port1 = { n: ++portN, close() {} }
    port2 = { n: ++portN, close() {} }
  }
  const webRequest = { onHeadersReceived: vi.fn(), onBeforeRequest: vi.fn() }
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (ev: string, fn: (...a: any[]) => void) => void state.appEvents.set(ev, fn),
      getPath: (name: string) => (name === 'userData' ? state.userData : state.documents),
      getVersion: () => '0.1.0',
      quit: vi.fn()
    },
    BrowserWindow,
    MessageChannelMain,
    utilityProcess: {
      fork: (modulePath: string, _args: string[], options: any) => {
        state.forks.push({ modulePath, options })
        const c = new Child()
        state.children.push(c)
        setTimeout(() => c.emit('message', { type: 'ready' }), 5)
        return c
      }
    },
    ipcMain: { on: (ch: string, fn: any) => void state.ipc.set(ch, fn) },
    Menu: {
      buildFromTemplate: (t: any) => {
        state.menuTemplate = t
        return {}
      },
      setApplicationMenu: () => {}
    },
    session: {
      defaultSession: { webRequest, setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() }
    },
    dialog: { showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
    shell: { openPath: vi.fn() }
  }
})

const { state } = h
let tmp = ''

beforeAll(async () => {
  vi.useFakeTimers()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmemlab-main-'))
  state.userData = path.join(tmp, 'userData')
  state.documents = path.join(tmp, 'Documents')
  await import('./index')
  await vi.advanceTimersByTimeAsync(10)
})
afterAll(() => {
  vi.useRealTimers()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('main process', () => {
  it('opens one hardened window with the CommonJS preload', () => {
    expect(state.windows).toHaveLength(1)
    const prefs = state.windows[0]!.opts.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false })
    expect(prefs.preload).toMatch(/preload[\\/]preload\.cjs$/)
    expect(state.windows[0]!.loaded).toMatch(/renderer[\\/]index\.html$/)
  })

  it('blocks navigation and new windows', () => {
    const wc = state.windows[0]!.webContents
    const e = { preventDefault: vi.fn() }
    wc.emit('will-navigate', e, 'https://example.com')
    expect(e.preventDefault).toHaveBeenCalled()
    expect(wc.windowOpenHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' })
  })

  it('runs the machine in a utilityProcess with the default share folder', () => {
    expect(state.forks).toHaveLength(1)
    expect(state.forks[0]!.modulePath).toMatch(/machine-process\.js$/)
    expect(state.children[0]!.sent[0].message).toEqual({ type: 'share-dir', dir: path.join(state.documents, 'kmemlab') })
  })

  it('hands a machine port only to the app window', () => {
    const wc = state.windows[0]!.webContents
    const request = state.ipc.get('kmemlab:request-port')!
    request({ sender: { mainFrame: {} }, senderFrame: {} }) // some other web contents
    expect(wc.posted).toHaveLength(0)
    request({ sender: wc, senderFrame: wc.mainFrame })
    expect(wc.posted).toHaveLength(1)
    expect(wc.posted[0]).toMatchObject({ channel: 'kmemlab:machine-port', payload: { kind: 'connect', fresh: true } })
    expect(state.children[0]!.sent.at(-1)).toMatchObject({ message: { type: 'connect' } })
  })

  it('restarts the machine process when it exits, and gives the window a new port', async () => {
    const wc = state.windows[0]!.webContents
    state.children[0]!.emit('exit', 1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(state.forks).toHaveLength(2)
    expect(state.children[1]!.sent.map((s: { message: unknown }) => s.message)).toEqual([
      { type: 'share-dir', dir: path.join(state.documents, 'kmemlab') },
      { type: 'connect' }
    ])
    expect(wc.posted.at(-1)).toMatchObject({ payload: { kind: 'restart', cause: 'exit', code: 1 } })
  })

  it('restarts a machine process that hangs (no heartbeat)', async () => {
    const child = state.children.at(-1)!
    const killed = vi.spyOn(child, 'kill')
    await vi.advanceTimersByTimeAsync(12_000)
    expect(killed).toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(2000)
    expect(state.forks).toHaveLength(3)
  })

  it('has the basic menu: File, Edit, Machine, View, Help', () => {
    const labels = state.menuTemplate.map((m: { label?: string; role?: string }) => m.label ?? m.role)
    expect(labels).toEqual(['&File', '&Edit', '&Machine', '&View', 'help'])
    const view = state.menuTemplate[3].submenu.map((i: { role?: string }) => i.role)
    expect(view).not.toContain('toggleDevTools') // packaged: no devtools
  })
})
