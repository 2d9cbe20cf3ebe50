/**
 * A comment's anchor follows its words while three y-websocket clients edit
 * around them at the same time: typing and deleting right before and right
 * after the words, elsewhere in their paragraph, and adding paragraphs
 * before it. Every client resolves the stored anchor (the same pure function
 * the editor uses) to exactly those words. Once the words are deleted the
 * thread is orphaned on every client, and the server still returns it with
 * its quote. Replay with `SEED=<n>` (fixed seed by default).
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchorDocumentOf } from './helpers/anchorDocumentOf'
import { createTextAnchor } from '@schema/comments/createTextAnchor'
import { resolveAnchor } from '@schema/comments/resolveAnchor'
import { reportSchema } from '@schema/reportSchema'
import type { ThreadView } from '../server/comments/threadView'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, bodyOf, newParagraph, paragraphsOf, pmJsonOf, pmText, sectionsOf } from './helpers/doc'
import { createRng, type Rng } from './helpers/prng'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { sleep, waitUntil } from './helpers/wait'
import { waitForServedContent } from './helpers/waitForServedContent'

const EDITS = 200
/** Upper case: the random words are lower case, so these stay the only match. */
const WORDS = 'QUARTERLY REVENUE'
const SEED = process.env.SEED ? Number(process.env.SEED) >>> 0 : 20261126

/** The XmlText of the paragraph holding the anchored words, on this replica. */
function anchoredText(doc: Y.Doc): Y.XmlText | null {
  for (const p of paragraphsOf(doc)) {
    const text = p.get(0) // read only: textOf would add a text to an empty paragraph
    if (text instanceof Y.XmlText && text.toString().includes(WORDS)) return text
  }
  return null
}

/**
 * One edit around the words, never inside them: insertions and deletions
 * before and after them (often right at their edge), or a paragraph added
 * before theirs, elsewhere, or removed (never theirs).
 */
function editAround(doc: Y.Doc, rng: Rng): string {
  const text = anchoredText(doc)
  if (!text) throw new Error('the anchored paragraph is gone')
  const s = text.toString()
  const start = s.indexOf(WORDS)
  const end = start + WORDS.length
  const roll = rng.next()
  if (roll < 0.25) {
    const at = rng.chance(0.4) ? start : rng.int(start + 1)
    const word = rng.word(rng.between(1, 4))
    text.insert(at, word)
    return `insert-before "${word}"@${at}`
  }
  if (roll < 0.5) {
    const at = rng.chance(0.4) ? end : rng.between(end, s.length)
    const word = rng.word(rng.between(1, 4))
    text.insert(at, word)
    return `insert-after "${word}"@${at}`
  }
  if (roll < 0.62 && start > 0) {
    const len = rng.between(1, Math.min(3, start))
    const at = rng.chance(0.5) ? start - len : rng.int(start - len + 1)
    text.delete(at, len)
    return `delete-before ${len}@${at}`
  }
  if (roll < 0.74 && s.length > end) {
    const len = rng.between(1, Math.min(3, s.length - end))
    const at = rng.chance(0.5) ? end : rng.between(end, s.length - len)
    text.delete(at, len)
    return `delete-after ${len}@${at}`
  }
  const sections = sectionsOf(doc)
  if (roll < 0.88) {
    // A paragraph before the anchored one (its own section or an earlier one), shifting every position after it.
    const section = rng.pick(sections.slice(0, 3))
    section.insert(rng.between(1, section.length), [newParagraph(rng.word(rng.between(0, 6)))])
    return 'paragraph+'
  }
  const removable = paragraphsOf(doc).filter((p) => !p.toString().includes(WORDS) && p.parent instanceof Y.XmlElement)
  if (removable.length === 0) return 'noop'
  const p = rng.pick(removable)
  const parent = p.parent as Y.XmlElement
  const index = parent.toArray().indexOf(p)
  // Keep at least the heading and one block in every section (the schema's shape, not ours to test here).
  if (parent.length <= 2 || index <= 0) return 'noop'
  parent.delete(index, 1)
  return 'paragraph-'
}

describe('comment anchors under concurrent edits', () => {
  let server: TestServer
  let admin: Api
  let reportId: string
  const clients: TestProvider[] = []

  beforeAll(async () => {
    server = await startServer()
    admin = await Api.login(server.url)
    reportId = await admin.createReport('Anchors')
    const tokens = [admin.token!]
    for (const name of ['anchor-editor-1', 'anchor-editor-2']) {
      const user = await admin.createUser(name)
      await admin.setRole(reportId, user.id, 'editor')
      tokens.push(user.api.token!)
    }
    for (const token of tokens) clients.push(openProvider(server.wsUrl, reportId, token))
    for (const c of clients) await waitProviderSynced(c)
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await stopAndRemove(server)
  })

  const converge = async (msg: (s: string) => string) => {
    const serialized = () => clients.map((c) => bodyOf(c.doc).toString())
    await waitUntil(() => new Set(serialized()).size === 1, () => msg(`clients did not converge:\n${serialized().join('\n----\n')}`), 20_000)
    const expected = pmJsonOf(clients[0]!.doc)
    await waitForServedContent(admin, reportId, expected, (last) => msg(`server differs: ${pmText(last!)}`))
  }

  it(`the anchor covers the same words on every client after ${EDITS} concurrent edits around them; deleting them orphans it (SEED=${SEED})`, async () => {
    const msg = (what: string) => `SEED=${SEED}: ${what}`
    const rng = createRng(SEED)
    const [first] = clients

    appendParagraph(first!.doc, `lead text ${WORDS} tail text`, 0)
    await converge(msg)

    // The editor computes the anchor from a ProseMirror selection over the Yjs binding; so does this.
    const at = anchorDocumentOf(first!.doc, reportSchema)
    let from = -1
    at.doc.descendants((node, pos) => {
      if (node.isText && node.text!.includes(WORDS)) from = pos + node.text!.indexOf(WORDS)
    })
    expect(from, msg('words found')).toBeGreaterThan(0)
    const created = await admin.call<ThreadView>('POST', `/api/reports/${reportId}/comments`, {
      anchor: createTextAnchor(at, from, from + WORDS.length),
      body: '这个数字的口径是什么？',
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    // What the server stored, back through JSON, is what every client resolves.
    const stored = (await admin.call<{ threads: ThreadView[] }>('GET', `/api/reports/${reportId}/comments`)).body.threads
    const anchor = stored.find((t) => t.id === created.body.id)!.anchor
    expect(anchor.quote).toBe(WORDS)

    const log: string[] = []
    for (let i = 0; i < EDITS; i++) {
      const c = rng.pick(clients)
      c.doc.transact(() => log.push(editAround(c.doc, rng)))
      // Mostly no pause, so edits of different clients cross on the wire.
      if (rng.chance(0.15)) await sleep(rng.int(15))
    }
    await converge(msg)
    const kinds = new Set(log.map((l) => l.split(' ')[0]))
    for (const kind of ['insert-before', 'insert-after', 'delete-before', 'delete-after', 'paragraph+']) {
      expect(kinds.has(kind), msg(`edits of kind ${kind} were made`)).toBe(true)
    }

    const ranges = clients.map((c, i) => {
      const here = anchorDocumentOf(c.doc, reportSchema)
      const r = resolveAnchor(anchor, here)
      expect(r.status, msg(`client ${i} resolves the anchor`)).toBe('anchored')
      if (r.status !== 'anchored') return null
      expect(here.doc.textBetween(r.from, r.to), msg(`client ${i} covers the words; text: ${anchoredText(c.doc)}`)).toBe(WORDS)
      return [r.from, r.to]
    })
    expect(new Set(ranges.map((r) => JSON.stringify(r))).size, msg('same range on every client')).toBe(1)
    // The paragraph really changed around the words (the test moved them).
    expect(anchoredText(clients[0]!.doc)!.toString()).not.toBe(`lead text ${WORDS} tail text`)

    // Delete the words on one client: every client now finds the thread orphaned.
    const deleter = clients[1]!
    const text = anchoredText(deleter.doc)!
    text.delete(text.toString().indexOf(WORDS), WORDS.length)
    await converge(msg)
    for (const [i, c] of clients.entries()) {
      expect(resolveAnchor(anchor, anchorDocumentOf(c.doc, reportSchema)), msg(`client ${i}: orphaned`)).toEqual({ status: 'orphaned' })
    }
    const after = (await admin.call<{ threads: ThreadView[] }>('GET', `/api/reports/${reportId}/comments`)).body.threads
    expect(after.find((t) => t.id === created.body.id), msg('the thread is still returned with its quote')).toMatchObject({
      anchor: { quote: WORDS },
      comments: [{ body: '这个数字的口径是什么？' }],
    })
  })
})
