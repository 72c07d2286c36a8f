#!/usr/bin/env node
// The kmemlab CLI entry point: loads the TypeScript CLI through tsx (Node 20 has no type stripping).
import { tsImport } from 'tsx/esm/api'

const mod = await tsImport('./cli.ts', import.meta.url)
const code = await mod.main(process.argv.slice(2))
process.exitCode = code
