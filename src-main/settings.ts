/*
 * The app's few persistent settings (userData/settings.json): today only the
 * host folder shared at the guest's /mnt. Written atomically (temp + rename).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

export interface Settings {
  shareDir: string
}

export function loadSettings(file: string, defaults: Settings): Settings {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    return {
      shareDir: typeof o.shareDir === 'string' && path.isAbsolute(o.shareDir) ? o.shareDir : defaults.shareDir
    }
  } catch {
    return { ...defaults }
  }
}

export function saveSettings(file: string, s: Settings): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const temp = `${file}.tmp-${process.pid}`
  fs.writeFileSync(temp, JSON.stringify(s, null, 2) + '\n')
  fs.renameSync(temp, file)
}
