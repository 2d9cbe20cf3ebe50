/**
 * Colleagues typing elsewhere in the report while the browser user types:
 * unmodified y-websocket providers in Node, each typing at the end of its own
 * paragraph at a steady rate (one update per character) and moving its
 * caret (awareness `cursor` as relative positions, as the editor sends it).
 */
import * as Y from 'yjs'
import { bodyOf } from '../../test/helpers/doc'
import { openProvider, waitProviderSynced, type TestProvider } from '../../test/helpers/provider'

const TEXT = Array.from('客户满意度提升 CSAT up 2.1%，工单 backlog 下降；夜班响应 faster。')

/** The XmlText of the paragraph whose text contains `marker`. */
function paragraphText(doc: Y.Doc, marker: string): Y.XmlText {
  const visit = (el: Y.XmlElement | Y.XmlFragment): Y.XmlText | null => {
    for (const child of el.toArray()) {
      if (child instanceof Y.XmlElement) {
        if (child.nodeName === 'paragraph') {
          const text = child.get(0)
          if (text instanceof Y.XmlText && text.toString().includes(marker)) return text
        } else {
          const hit = visit(child)
          if (hit) return hit
        }
      }
    }
    return null
  }
  const found = visit(bodyOf(doc))
  if (!found) throw new Error(`no paragraph with ${marker}`)
  return found
}

export class RemoteTypists {
  private timers: NodeJS.Timeout[] = []
  /** Characters typed so far, all typists. */
  keystrokes = 0

  private constructor(private readonly clients: { p: TestProvider; text: Y.XmlText }[]) {}

  /** One provider per marker (and token), each owning the paragraph holding that marker. */
  static async open(wsUrl: string, reportId: string, tokens: string[], markers: string[]): Promise<RemoteTypists> {
    const clients = await Promise.all(
      markers.map(async (marker, i) => {
        const p = openProvider(wsUrl, reportId, tokens[i % tokens.length]!)
        await waitProviderSynced(p, 20_000)
        p.provider.awareness.setLocalStateField('user', { name: `Remote ${i + 1}`, color: '#4363d8' })
        return { p, text: paragraphText(p.doc, marker) }
      }),
    )
    return new RemoteTypists(clients)
  }

  /** Each typist types `rate` characters a second, their phases spread evenly. */
  start(rate: number): void {
    const interval = 1000 / rate
    this.clients.forEach(({ p, text }, i) => {
      let n = 0
      const type = () => {
        text.insert(text.length, TEXT[n++ % TEXT.length]!)
        const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length))
        p.provider.awareness.setLocalStateField('cursor', { anchor: pos, head: pos })
        this.keystrokes++
      }
      const phase = setTimeout(() => this.timers.push(setInterval(type, interval)), (interval / this.clients.length) * i)
      this.timers.push(phase)
    })
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
  }

  destroy(): void {
    this.stop()
    for (const { p } of this.clients) p.destroy()
  }
}
