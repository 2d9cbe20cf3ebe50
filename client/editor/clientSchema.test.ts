/**
 * The browser's editor schema must be the server's: a node or attribute the
 * server has and the client lacks would be deleted by the Yjs binding in
 * every browser that opens the report. Built from the extension list the
 * ReportEditor uses (reportEditorExtensions), compared with schema/reportSchema.ts.
 */
import { describe, expect, it } from 'vitest'
import { getSchema } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { reportSchema } from '@schema/reportSchema'
import { blockDefinitions } from '@schema/blocks/blockRegistry'
import { CommentHighlights } from '../comments/CommentHighlights'
import { reportEditorExtensions } from './reportEditorExtensions'

/** What a schema says about each node and mark: content, groups, marks, flags, attribute names and defaults. */
function shape(schema: Schema) {
  const attrs = (a: Record<string, { default?: unknown; hasDefault?: boolean }>) =>
    Object.fromEntries(Object.entries(a).map(([name, spec]) => [name, spec.hasDefault ? { default: spec.default } : { required: true }]))
  return {
    topNode: schema.topNodeType.name,
    nodes: Object.fromEntries(
      Object.values(schema.nodes).map((n) => [
        n.name,
        {
          content: n.spec.content ?? '',
          group: n.spec.group ?? '',
          marks: n.spec.marks ?? null,
          inline: n.isInline,
          atom: n.isAtom,
          defining: n.spec.defining ?? false,
          isolating: n.spec.isolating ?? false,
          attrs: attrs(n.spec.attrs as never ?? {}),
        },
      ]),
    ),
    marks: Object.fromEntries(Object.values(schema.marks).map((m) => [m.name, { excludes: m.spec.excludes ?? null, attrs: attrs(m.spec.attrs as never ?? {}) }])),
  }
}

describe("the client's editor schema", () => {
  it("is the server's: same nodes and marks, content, groups, attributes and defaults", () => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider('ws://127.0.0.1:1', 'schema-test', doc, { connect: false, WebSocketPolyfill: WebSocket as never })
    try {
      const extensions = reportEditorExtensions({
        session: { doc, provider },
        user: { id: 'u1', displayName: 'Test', color: '#123456' },
        templateKey: 'monthly_ops',
        contentLocale: 'zh-CN',
        extensions: [CommentHighlights],
      })
      const client = getSchema(extensions)
      expect(shape(client)).toEqual(shape(reportSchema))
      // Not vacuous: every block of the registry is in both, with its attributes.
      for (const { name } of blockDefinitions) {
        expect(Object.keys(client.nodes[name]!.spec.attrs ?? {}).length, name).toBeGreaterThan(0)
      }
    } finally {
      provider.destroy()
      doc.destroy()
    }
  })
})
