import { randomBytes } from 'node:crypto'
import { passwordProblem } from './auth/passwordPolicy'
import type { Env } from './env'
import type { MetaStore } from './meta/MetaStore'
import { createReport } from './reports/createReport'
import { DEMO_TITLE, demoReportContent } from './demo/demoReportContent'
import type { DocStore } from './storage/DocStore'
import { createUser } from './users/createUser'

const ADMIN_DISPLAY_NAME = '管理员'

/**
 * First start on an empty DATA_DIR: the `admin` user (password from
 * ADMIN_PASSWORD, or generated and printed once) and the demo report.
 * ADMIN_PASSWORD is held to the password rule (auth/passwordPolicy) here, when
 * it is used: a weak one stops the first start with the estimator's reason
 * (later starts ignore the variable).
 */
export async function bootstrap(env: Env, meta: MetaStore, store: DocStore): Promise<void> {
  if (meta.data.users.length > 0) return
  const password = env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url')
  const problem = passwordProblem(password, { username: 'admin', displayName: ADMIN_DISPLAY_NAME })
  if (problem) throw new Error(`ADMIN_PASSWORD is refused: ${problem.replace(/^password: /, '')}`)
  const admin = await createUser(meta, { username: 'admin', password, displayName: ADMIN_DISPLAY_NAME }, true)
  if (!env.ADMIN_PASSWORD) console.log(`[boot] created user "admin" with password: ${password}  (shown once)`)
  if (env.SEED_DEMO) {
    await createReport(
      meta,
      store,
      { title: DEMO_TITLE, period: '2026-10', series: 'east-cs', template: 'monthly-ops', locale: 'zh-CN' },
      admin.id,
      { body: demoReportContent() },
    )
  }
}
