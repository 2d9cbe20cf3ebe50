import type { MetaData } from './MetaStore'

/** Version of the meta.json shape this code writes. */
export const META_VERSION = 3

/**
 * Named, ordered migrations of meta.json. Each takes the shape of version
 * `n - 1` to `n`; old steps are never edited, new ones are appended.
 */
const steps: { to: number; name: string; run: (data: Record<string, unknown>) => void }[] = [
  {
    to: 1,
    name: 'initial shape',
    run: (data) => {
      for (const key of ['users', 'reports', 'members', 'audit']) data[key] ??= []
    },
  },
  {
    to: 2,
    name: 'users can be deactivated',
    run: (data) => {
      for (const user of data.users as Record<string, unknown>[]) user.active ??= true
    },
  },
  {
    to: 3,
    name: 'reports can be archived',
    run: (data) => {
      for (const report of data.reports as Record<string, unknown>[]) report.archived ??= null
    },
  },
]

export function migrateMeta(input: unknown): { data: MetaData; changed: boolean } {
  const data = (input ?? {}) as Record<string, unknown>
  const from = typeof data.version === 'number' ? data.version : 0
  if (from > META_VERSION) throw new Error(`meta.json is version ${from}, newer than this server (${META_VERSION})`)
  for (const step of steps) {
    if (step.to > from) {
      step.run(data)
      data.version = step.to
    }
  }
  return { data: data as unknown as MetaData, changed: from !== META_VERSION }
}
