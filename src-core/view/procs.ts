/*
 * The processes view and the OOM replay: the task table as ps/top read it
 * (state, VSZ, RSS from the mm's counters; oom_score_adj; oom_score by the
 * killer's own oom_badness), and the last OOM kill as mm/oom_kill.c's
 * select_bad_process() saw it (oom.history's scan rows), with each term of
 * the badness: rss + swapents + pgtables_bytes / PAGE_SIZE, plus
 * oom_score_adj * (totalpages / 1000).
 */

import type { Processes } from '../kernel/fork'
import type { OomKiller } from '../mm/oom_kill'
import type { OomEventView, ProcRow, ProcsSummary } from './types'

export function procsSummary(procs: Processes | null, oom: OomKiller | null): ProcsSummary | null {
  if (!procs) return null
  const tasks: ProcRow[] = procs.table.list().map((t) => {
    const mm = t.mm
    return {
      pid: t.pid,
      ppid: t.ppid,
      comm: t.comm,
      state: t.state,
      kthread: t.kthread,
      vszKb: mm ? mm.total_vm * 4 : 0,
      rssKb: mm ? mm.get_mm_rss() * 4 : 0,
      oom_score_adj: t.oom_score_adj,
      oom_score: oom ? oom.oom_score(t) : 0
    }
  })
  return { tasks, totalpages: oom ? oom.totalpages() : 0, oomKills: oom?.history.length ?? 0, lastOom: lastOom(oom) }
}

export function lastOom(oom: OomKiller | null): OomEventView | null {
  const ev = oom?.history.at(-1)
  if (!oom || !ev) return null
  const totalpages = ev.totalpages ?? null
  const per = totalpages === null ? 0 : Math.floor(totalpages / 1000)
  return {
    seq: oom.history.length,
    ns: ev.ns,
    victimPid: ev.pid,
    victimComm: ev.comm,
    points: ev.points,
    totalpages,
    gfp_mask: ev.gfp_mask ?? null,
    order: ev.order ?? null,
    invoker: ev.invoker ?? null,
    tasks: (ev.tasks ?? []).map((r) => ({
      pid: r.pid,
      comm: r.comm,
      rss: r.rss,
      swapents: r.swapents,
      pgtables_bytes: r.pgtables_bytes,
      oom_score_adj: r.oom_score_adj,
      adjPoints: r.oom_score_adj * per,
      points: r.points,
      skipped: r.skipped ?? null
    }))
  }
}
