import { describe, expect, it } from 'vitest'
import { Clock } from '../board/clock'
import { TimerBase, type TimerSource } from './timer'

/** A source holding absolute expiries; records the clock when each one runs. */
function source(clock: Clock, expiries: number[], ran: number[], rearm = 0): TimerSource {
  const pending = [...expiries]
  return {
    nextNs: () => (pending.length ? Math.min(...pending) : null),
    runDue: () => {
      const now = clock.now()
      for (let i = pending.length - 1; i >= 0; i--)
        if (pending[i]! <= now) {
          pending.splice(i, 1)
          ran.push(now)
          if (rearm) pending.push(now + rearm)
        }
    }
  }
}

describe('TimerBase', () => {
  it('runs each timer at its own expiry on the way to the target, in order', () => {
    const clock = new Clock()
    const base = new TimerBase(clock)
    const ran: number[] = []
    base.addSource(source(clock, [300, 100], ran))
    base.addSource(source(clock, [200, 900], ran))
    expect(base.nextNs()).toBe(100)
    base.runUntil(500)
    expect(ran).toEqual([100, 200, 300])
    expect(clock.now()).toBe(500)
    expect(base.nextNs()).toBe(900)
  })

  it('a periodic timer fires once per period', () => {
    const clock = new Clock()
    const base = new TimerBase(clock)
    const ran: number[] = []
    base.addSource(source(clock, [10], ran, 10))
    base.runUntil(55)
    expect(ran).toEqual([10, 20, 30, 40, 50])
  })

  it('a callback that sleeps lets time pass without running timers inside itself', () => {
    const clock = new Clock()
    const base = new TimerBase(clock)
    const order: string[] = []
    let armed = true
    base.addSource({
      nextNs: () => (armed ? 10 : null),
      runDue: () => {
        armed = false
        order.push(`cb@${clock.now()}`)
        base.runUntil(clock.now() + 50) // msleep(50) inside the callback
        order.push(`back@${clock.now()}`)
      }
    })
    base.runUntil(100)
    expect(order).toEqual(['cb@10', 'back@60'])
    expect(clock.now()).toBe(100)
  })
})
