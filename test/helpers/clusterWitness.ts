/**
 * A witness writer for the cluster crash tests: a RawClient that types
 * markers `<name.n>` into a paragraph of its own and never reconnects, so
 * what it was told is saved (MESSAGE_SAVED) must be on the servers without
 * any help from it: a client that reconnects would send its edits again.
 */
import type * as Y from 'yjs'
import { newParagraph, sectionsOf } from './doc'
import { RawClient } from './rawClient'

export class WitnessWriter {
  readonly client: RawClient
  readonly typed: string[] = []
  /** typed.length after each write index. */
  private readonly typedAtWrite = new Map<number, number>()
  private text: Y.XmlText | null = null

  constructor(
    wsUrl: string,
    reportId: string,
    token: string,
    readonly name: string,
  ) {
    this.client = RawClient.connect(wsUrl, reportId, { token })
  }

  async start(): Promise<void> {
    await this.client.waitSynced()
    this.client.edit((doc) => {
      const p = newParagraph(`[${this.name}]`)
      sectionsOf(doc)[0]!.push([p])
      this.text = p.get(0) as Y.XmlText
    })
  }

  /** Types the next marker; false (nothing typed) once the socket is closed. */
  type(): boolean {
    if (!this.client.isOpen || !this.text) return false
    const marker = `<${this.name}.${this.typed.length}>`
    const text = this.text
    this.typed.push(marker)
    const index = this.client.edit(() => text.insert(text.length, marker))
    this.typedAtWrite.set(index, this.typed.length)
    return true
  }

  /** The markers MESSAGE_SAVED covered. */
  get acked(): string[] {
    let n = 0
    for (const [index, count] of this.typedAtWrite) if (index <= this.client.saved) n = Math.max(n, count)
    return this.typed.slice(0, n)
  }

  end(): Promise<void> {
    return this.client.end()
  }
}
