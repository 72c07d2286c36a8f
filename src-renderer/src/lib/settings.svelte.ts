/*
 * Display settings: light/dark theme (following the OS until chosen),
 * projector mode (large type everywhere, for a classroom), and the split
 * between the console and the views. Persisted in localStorage.
 */
import type { Theme } from './palette'

const KEY = 'kmemlab.display'

interface Saved {
  theme?: Theme
  projector?: boolean
  split?: number
}

function load(): Saved {
  try {
    return (JSON.parse(localStorage.getItem(KEY) ?? '{}') as Saved) ?? {}
  } catch {
    return {}
  }
}

function osTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark'
}

class Settings {
  private readonly saved = load()
  theme = $state<Theme>(this.saved.theme === 'light' || this.saved.theme === 'dark' ? this.saved.theme : osTheme())
  projector = $state(this.saved.projector === true)
  /** Fraction of the width given to the console. */
  split = $state(typeof this.saved.split === 'number' && this.saved.split > 0.15 && this.saved.split < 0.85 ? this.saved.split : 0.45)

  apply(): void {
    document.documentElement.dataset.theme = this.theme
    document.documentElement.dataset.projector = this.projector ? 'on' : 'off'
  }

  setTheme(t: Theme): void {
    this.theme = t
    this.save()
  }
  setProjector(on: boolean): void {
    this.projector = on
    this.save()
  }
  setSplit(f: number): void {
    this.split = Math.min(0.85, Math.max(0.15, f))
    this.save()
  }

  private save(): void {
    this.apply()
    try {
      localStorage.setItem(KEY, JSON.stringify({ theme: this.theme, projector: this.projector, split: this.split }))
    } catch {
      /* storage unavailable */
    }
  }
}

export const settings = new Settings()
