import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** `--quick` (short runs for checking the scripts) and `--reps N`. */
export function parseArgs(argv: string[]): { quick: boolean; reps?: number } {
  const i = argv.indexOf('--reps')
  const reps = i >= 0 ? Number(argv[i + 1]) : undefined
  return { quick: argv.includes('--quick'), reps: reps && reps > 0 ? Math.floor(reps) : undefined }
}

/** True when the module at `metaUrl` is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1]
  return !!entry && pathToFileURL(path.resolve(entry)).href === metaUrl
}
