import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { RemoteAttributeEdits, type RemoteAttributeEdit } from './RemoteAttributeEdits'

/** Two replicas of one document; `mine` watches remote edits of block b1's `current`. */
function pair() {
  const mine = new Y.Doc()
  const theirs = new Y.Doc()
  const row = new Y.XmlElement('metricRow')
  row.setAttribute('id', 'b1')
  mine.getXmlFragment('default').insert(0, [row])
  Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine))
  const awareness = new Awareness(mine)
  const edits: RemoteAttributeEdit[] = []
  new RemoteAttributeEdits(mine.getXmlFragment('default'), awareness).subscribe('b1', 'current', (e) => edits.push(e))
  const write = (value: string) => {
    const before = Y.encodeStateVector(mine)
    ;(theirs.getXmlFragment('default').get(0) as Y.XmlElement).setAttribute('current', value)
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, before), 'remote')
  }
  const theirState = (name: string) => {
    const other = new Awareness(theirs)
    other.setLocalState({ user: { name } })
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [theirs.clientID]), 'remote')
  }
  return { edits, write, theirState }
}

describe('RemoteAttributeEdits', () => {
  it('names the writer from their awareness state', () => {
    const { edits, write, theirState } = pair()
    theirState('李娜')
    write('95')
    expect(edits).toEqual([expect.objectContaining({ blockId: 'b1', field: 'current', value: '95', previous: null, name: '李娜', seq: 1 })])
  })

  it('tells an edit again, with the name, when the writer’s state arrives after the edit', () => {
    const { edits, write, theirState } = pair()
    write('95')
    expect(edits).toEqual([expect.objectContaining({ value: '95', name: null, seq: 1 })])
    theirState('李娜')
    expect(edits).toEqual([expect.objectContaining({ name: null, seq: 1 }), expect.objectContaining({ value: '95', name: '李娜', seq: 1 })])
    theirState('李娜') // already named: not told a third time
    expect(edits).toHaveLength(2)
  })
})
