/**
 * The publish check answers in the reader's UI language when asked
 * (`?locale=`), in the report's own otherwise; a locale it does not know is
 * a clear 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckProblem } from '@schema/check/CheckProblem'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

const check = async (id: string, query = '') => {
  const res = await admin.call<{ problems: CheckProblem[]; error?: { code: string; message: string } }>('POST', `/api/reports/${id}/check${query}`)
  return res
}
const sectionEmpty = (problems: CheckProblem[]) => problems.find((p) => p.code === 'section_empty')!.message

describe('the check’s language', () => {
  it('is the report’s by default and the asked one with ?locale=', async () => {
    const id = await admin.createReport('检查', '2026-11')
    const zh = await check(id)
    expect(zh.status).toBe(200)
    expect(sectionEmpty(zh.body.problems)).toMatch(/章节为空$/)

    const en = await check(id, '?locale=en')
    expect(en.status).toBe(200)
    expect(sectionEmpty(en.body.problems)).toMatch(/^Section .+ is empty$/)
    // The same problems, only the words differ.
    expect(en.body.problems.map((p) => [p.code, p.blockId, p.section])).toEqual(zh.body.problems.map((p) => [p.code, p.blockId, p.section]))
    expect(sectionEmpty((await check(id, '?locale=zh-CN')).body.problems)).toBe(sectionEmpty(zh.body.problems))
  })

  it('refuses a locale it does not know', async () => {
    const id = await admin.createReport('检查', '2026-11')
    for (const q of ['?locale=fr', '?locale=', '?locale=%3Cscript%3E']) {
      const res = await check(id, q)
      expect(res.status, q).toBe(400)
      expect(res.body.error?.code, q).toBe('bad_request')
    }
  })
})
