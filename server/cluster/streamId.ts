/** A Redis stream entry id (`<ms>-<seq>`) as two numbers, comparable and storable in PostgreSQL. */
export interface StreamId {
  ms: number
  seq: number
}

export const ZERO_ID: StreamId = { ms: 0, seq: 0 }

export function parseStreamId(id: string): StreamId {
  const m = /^(\d+)-(\d+)$/.exec(id)
  if (!m) throw new Error(`not a stream id: ${id}`)
  return { ms: Number(m[1]), seq: Number(m[2]) }
}

export const formatStreamId = (id: StreamId): string => `${id.ms}-${id.seq}`

export function compareStreamIds(a: StreamId, b: StreamId): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.seq - b.seq
}
