/**
 * The comment controller keeps its list from the threads the server pushes
 * and answers, without fetching the list again; views arriving out of order
 * are settled by their revision; a reconnect loads the list once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ThreadView } from '@schema/comments/ThreadView'
import type { ReportEvent } from '@schema/reportEvent'
import type { CollabSession } from '../collab/openCollabSession'
import { commentApi } from './commentApi'
import { CommentsController } from './CommentsController'

vi.mock('./commentApi', () => ({
  commentApi: { list: vi.fn(), create: vi.fn(), reply: vi.fn(), setResolved: vi.fn(), edit: vi.fn(), remove: vi.fn(), markRead: vi.fn() },
}))
const mocked = vi.mocked(commentApi)

const view = (id: string, rev: number, patch: Partial<ThreadView> = {}): ThreadView => ({
  id,
  anchor: { blockId: 'b1', quote: 'q' },
  createdBy: 'u1',
  createdAt: '2026-11-01T00:00:00.000Z',
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  comments: [],
  unreadMentions: 0,
  rev,
  ...patch,
})

const listAnswer = (threads: ThreadView[], rev: number) => ({
  threads,
  unreadMentions: threads.reduce((n, t) => n + t.unreadMentions, 0),
  rev,
  limits: { maxCommentChars: 1234, maxCommentsPerReport: 500 },
})

/** A session whose events and connection status the test drives. */
function fakeSession() {
  const eventListeners = new Set<(e: ReportEvent) => void>()
  const statusListeners = new Set<(s: { status: string }) => void>()
  const session = {
    onEvent: (l: (e: ReportEvent) => void) => {
      eventListeners.add(l)
      return () => eventListeners.delete(l)
    },
    provider: {
      on: (_: 'status', l: (s: { status: string }) => void) => statusListeners.add(l),
      off: (_: 'status', l: (s: { status: string }) => void) => statusListeners.delete(l),
    },
  }
  return {
    session: session as unknown as CollabSession,
    push: (e: ReportEvent) => eventListeners.forEach((l) => l(e)),
    status: (status: string) => statusListeners.forEach((l) => l({ status })),
  }
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('CommentsController', () => {
  beforeEach(() => vi.resetAllMocks())

  it('merges pushed threads and deletions without fetching the list again', async () => {
    mocked.list.mockResolvedValue(listAnswer([view('t1', 3)], 3))
    const { session, push } = fakeSession()
    const controller = new CommentsController('r1', session)
    controller.start()
    await settle()
    expect(controller.getSnapshot()).toMatchObject({ loaded: true, maxCommentChars: 1234, threads: [{ id: 't1' }] })

    push({ type: 'comments', threadId: 't2', rev: 4, thread: view('t2', 4, { unreadMentions: 1 }) })
    push({ type: 'comments', threadId: 't1', rev: 5, thread: view('t1', 5, { resolved: true }) })
    expect(controller.getSnapshot().threads.map((t) => [t.id, t.resolved])).toEqual([
      ['t1', true],
      ['t2', false],
    ])
    expect(controller.getSnapshot().unreadMentions).toBe(1)
    push({ type: 'comments', threadId: 't2', rev: 6, thread: null })
    expect(controller.getSnapshot().threads.map((t) => t.id)).toEqual(['t1'])
    expect(controller.getSnapshot().unreadMentions).toBe(0)
    expect(mocked.list).toHaveBeenCalledTimes(1)
    controller.stop()
  })

  it('an older view arriving after a newer one changes nothing, and a deleted thread does not come back', async () => {
    mocked.list.mockResolvedValue(listAnswer([], 1))
    const { session, push } = fakeSession()
    const controller = new CommentsController('r1', session)
    controller.start()
    await settle()
    // My reply is answered after someone else's resolve was pushed.
    push({ type: 'comments', threadId: 't1', rev: 8, thread: view('t1', 8, { resolved: true }) })
    mocked.reply.mockResolvedValue(view('t1', 7))
    await controller.reply('t1', 'text', [])
    expect(controller.getSnapshot().threads).toEqual([expect.objectContaining({ id: 't1', resolved: true, rev: 8 })])

    push({ type: 'comments', threadId: 't1', rev: 9, thread: null })
    push({ type: 'comments', threadId: 't1', rev: 8, thread: view('t1', 8) }) // a late duplicate
    expect(controller.getSnapshot().threads).toEqual([])
    controller.stop()
  })

  it('after a reconnect it loads the list once, keeping what is newer than the answer', async () => {
    mocked.list.mockResolvedValueOnce(listAnswer([view('t1', 2), view('t2', 2)], 2))
    const { session, push, status } = fakeSession()
    const controller = new CommentsController('r1', session)
    controller.start()
    await settle()

    // While reconnecting: t1 was deleted and t3 created (seen live), and the list answer is older than both.
    let answer!: (value: ReturnType<typeof listAnswer>) => void
    mocked.list.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)))
    status('connected')
    push({ type: 'comments', threadId: 't1', rev: 5, thread: null })
    push({ type: 'comments', threadId: 't3', rev: 6, thread: view('t3', 6) })
    answer(listAnswer([view('t1', 4), view('t2', 4, { resolved: true })], 4))
    await settle()
    expect(mocked.list).toHaveBeenCalledTimes(2)
    expect(controller.getSnapshot().threads.map((t) => [t.id, t.resolved])).toEqual([
      ['t2', true],
      ['t3', false],
    ])
    controller.stop()
  })
})
