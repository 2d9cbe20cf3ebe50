import type { Context } from 'hono'
import type { z } from 'zod'
import { badRequest } from '../errors'

/**
 * The request body parsed as JSON and checked against `schema`. Invalid JSON
 * or a wrong shape answers 400 with what is wrong; nothing has been changed.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, options: { optional?: boolean } = {}): Promise<z.infer<S>> {
  const text = await c.req.text()
  let value: unknown
  try {
    // An optional body may be left out entirely: it reads as `{}`.
    value = options.optional && text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw badRequest('The body is not valid JSON.')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw badRequest(`Invalid body: ${problems.map((p) => `${p.path || '(body)'}: ${p.message}`).join('; ')}`, problems)
  }
  return parsed.data
}
