/*
 * The module tests' runner: tests/helpers/run.ts's runScript with a host
 * folder at /mnt (an in-memory FakeHostFs holding `files`), which the test
 * can inspect afterwards.
 */

import { FakeHostFs } from '../../src-core/fs/fakehostfs'
import type { MachineConfig } from '../../src-core/protocol'
import { runScript, type ScriptLine, type ScriptResult } from '../helpers/run'

export { afterBoot } from '../helpers/run'

export interface ShareResult extends ScriptResult {
  host: FakeHostFs
}

export function runWithShare(files: Record<string, string>, lines: ScriptLine[], config: Partial<MachineConfig> = {}, maxSteps = 5_000_000): ShareResult {
  const host = new FakeHostFs()
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) host.dirs.add(parts.slice(0, i).join('/'))
    host.files.set(path, new TextEncoder().encode(text))
  }
  return { ...runScript(lines, config, { hostFs: host, maxSteps }), host }
}
