#!/usr/bin/env node
/**
 * The `ops-report` bin of this package (package.json "bin"): runs the
 * TypeScript command (opsReport.ts) through tsx, a runtime dependency, so no
 * build step is needed. Node 20.19+.
 */
import { register } from 'tsx/esm/api'

register()
const { opsReport } = await import('./opsReport.ts')
process.exitCode = await opsReport(process.argv.slice(2))
