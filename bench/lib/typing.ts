/**
 * Typists: each owns a paragraph (`Y.XmlElement('paragraph')` holding a
 * `Y.XmlText`, appended to the 'default' XmlFragment) and types mixed Chinese
 * and Latin text at its end, one update per keystroke, plus an awareness
 * update with the cursor (relative positions, as y-prosemirror sends them).
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { structKey, type LightClient } from './client'

const TEXT = Array.from('运营服务月报：本月可用性 availability 99.95%，工单 tickets 1,234 张；平均响应时间 mean response 120 ms。变更 changes 56 次，回滚 rollback 0 次。')
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#008080', '#9a6324']

export interface Keystroke {
  /** performance.now() just before the edit was made and sent. */
  t: number
  /** `client:clock` of the inserted character. */
  key: string
  /** Awareness send time and key. */
  ta: number
  akey: string | null
  bytes: number
  /** The update itself (the bare Y.applyUpdate baseline replays it). */
  update: Uint8Array
  /** This connection's write index of the update (matches MESSAGE_SAVED counts). */
  writeIndex: number
}

export class Typist {
  readonly awareness: awarenessProtocol.Awareness
  private text!: Y.XmlText
  private n = 0

  constructor(
    readonly client: LightClient,
    readonly index: number,
    readonly cursors = true,
  ) {
    this.awareness = new awarenessProtocol.Awareness(client.doc)
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin !== 'local') return
      const changed = [...added!, ...updated!, ...removed!]
      client.sendAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    })
  }

  /** Creates this typist's paragraph and announces its user. */
  setup(): void {
    const fragment = this.client.doc.getXmlFragment('default')
    this.client.edit(() => {
      const p = new Y.XmlElement('paragraph')
      this.text = new Y.XmlText()
      p.insert(0, [this.text])
      fragment.insert(fragment.length, [p])
    })
    if (this.cursors) {
      this.awareness.setLocalState({ user: { name: `Typist ${this.index}`, color: COLORS[this.index % COLORS.length] } })
    }
  }

  /** Types the next character at the end of the paragraph; returns what was sent. */
  keystroke(): Keystroke {
    const ch = TEXT[this.n++ % TEXT.length]!
    const t = performance.now()
    const update = this.client.edit(() => this.text.insert(this.text.length, ch))
    if (!update) throw new Error('keystroke produced no update')
    const writeIndex = this.client.writesSent
    let ta = 0
    let akey: string | null = null
    if (this.cursors) {
      // The caret right after the character just typed (assoc −1: bound to that character), so
      // every keystroke's cursor is a new state. At the end of a text with assoc 0 it would be the
      // same position each time, which a server may rightly treat as a renewal and batch (ours does).
      const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.text, this.text.length, -1))
      ta = performance.now()
      this.awareness.setLocalStateField('cursor', { anchor: pos, head: pos })
      const clock = this.awareness.meta.get(this.awareness.clientID)?.clock ?? 0
      akey = `a:${this.awareness.clientID}:${clock}`
    }
    return { t, key: structKey(update)!, ta, akey, bytes: update.length, update, writeIndex }
  }

  destroy(): void {
    this.awareness.destroy()
  }
}

/**
 * Fires `total` keystrokes spread evenly over typists (each at `rate`/s),
 * on a precomputed schedule so timer drift does not accumulate.
 * `onKey(k, dueAt)` is called for each; resolves after the last one.
 */
export async function typeOnSchedule(typists: Typist[], rate: number, durationMs: number, onKey: (ks: Keystroke, typist: Typist, k: number) => void): Promise<number> {
  const interval = 1000 / rate / typists.length
  const total = Math.floor(durationMs / interval)
  const start = performance.now() + 20
  for (let k = 0; k < total; k++) {
    const due = start + k * interval
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    const typist = typists[k % typists.length]!
    onKey(typist.keystroke(), typist, k)
  }
  return total
}

/**
 * True once every client holds every typist's setup (its paragraph): the
 * typists' Yjs clocks are in each client's state vector. (A paragraph count
 * would not do: a report's template already has more top-level blocks.)
 */
export function setupSeenByAll(clients: LightClient[], typists: Typist[]): boolean {
  const need = typists.map((t) => [t.client.doc.clientID, Y.getState(t.client.doc.store, t.client.doc.clientID)] as const)
  return clients.every((c) => need.every(([id, clock]) => Y.getState(c.doc.store, id) >= clock))
}
