/** File-system observations for storage tests: trees, sizes, hashes. */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/** Every file and folder under `root`, relative, folders ending in `/`, sorted. */
export function treeOf(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      const rel = path.relative(root, full)
      if (entry.isDirectory()) {
        out.push(rel + '/')
        walk(full)
      } else out.push(rel)
    }
  }
  walk(root)
  return out.sort()
}

/** sha256 of every file in `dir` (not recursive), by name. */
export function hashesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name)
    if (statSync(full).isFile()) out[name] = createHash('sha256').update(readFileSync(full)).digest('hex')
  }
  return out
}

/** Size of every file in `dir` (not recursive), by name. */
export function sizesOf(dir: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const name of readdirSync(dir).sort()) {
    const st = statSync(path.join(dir, name))
    if (st.isFile()) out[name] = st.size
  }
  return out
}

/** The folder of a report's Yjs data. */
export const reportDir = (dataDir: string, reportId: string) => path.join(dataDir, 'reports', reportId)
