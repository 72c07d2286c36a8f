/*
 * A table's sort state: the clicked column and its direction. Numbers sort
 * largest first on the first click (RSS, pages: what a teacher looks for),
 * names and states A→Z; clicking the same column again flips it.
 */

export type SortValue = string | number | boolean

export class TableSort<K extends string> {
  key: K = $state() as K
  desc = $state(true)

  /** `textKeys`: the columns that start ascending. */
  constructor(
    key: K,
    private readonly textKeys: readonly K[] = []
  ) {
    this.key = key
    this.desc = !textKeys.includes(key)
  }

  click(k: K): void {
    if (this.key === k) this.desc = !this.desc
    else {
      this.key = k
      this.desc = !this.textKeys.includes(k)
    }
  }

  aria(k: K): 'ascending' | 'descending' | 'none' {
    return this.key === k ? (this.desc ? 'descending' : 'ascending') : 'none'
  }

  /** A sorted copy; `tie` orders rows whose column values are equal (before the direction applies). */
  sorted<R extends Record<K, SortValue>>(rows: readonly R[], tie: (a: R, b: R) => number = () => 0): R[] {
    const k = this.key
    const sign = this.desc ? -1 : 1
    return [...rows].sort((a, b) => {
      const x = a[k]
      const y = b[k]
      return (x < y ? -1 : x > y ? 1 : tie(a, b)) * sign
    })
  }
}
