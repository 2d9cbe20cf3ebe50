import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeRecords, encodeRecord, hasRecordAfter, RECORD_HEADER_BYTES } from './recordCodec'

const bytes = (...values: number[]) => new Uint8Array(values)
const payloads = [bytes(0), bytes(1, 2, 3), new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff)]

describe('recordCodec', () => {
  it('encodes `u32le length · u32le crc32 · payload`', () => {
    const rec = encodeRecord(bytes(9, 8, 7))
    expect(rec.length).toBe(RECORD_HEADER_BYTES + 3)
    expect(rec.readUInt32LE(0)).toBe(3)
    expect(rec.readUInt32LE(4)).toBe(crc32(bytes(9, 8, 7)))
    expect([...rec.subarray(8)]).toEqual([9, 8, 7])
  })

  it('round-trips a sequence of records, small and large ones included', () => {
    const buf = Buffer.concat(payloads.map(encodeRecord))
    const { records, validLength, invalidTail } = decodeRecords(buf)
    expect(records.map((r) => [...r])).toEqual(payloads.map((p) => [...p]))
    expect(validLength).toBe(buf.length)
    expect(invalidTail).toBe(0)
  })

  it('treats an empty record (eight zero bytes: a file grown before its data was written) as a torn tail', () => {
    const good = encodeRecord(bytes(1, 2, 3))
    const buf = Buffer.concat([good, Buffer.alloc(64)])
    const { records, validLength, invalidTail } = decodeRecords(buf)
    expect(records).toHaveLength(1)
    expect(validLength).toBe(good.length)
    expect(invalidTail).toBe(64)
  })

  it('decodes a sub-array (non-zero byteOffset) correctly', () => {
    const buf = Buffer.concat([Buffer.from([0xaa, 0xbb, 0xcc]), encodeRecord(bytes(5, 6))])
    const view = new Uint8Array(buf.buffer, buf.byteOffset + 3, buf.length - 3)
    expect(decodeRecords(view).records.map((r) => [...r])).toEqual([[5, 6]])
  })

  it('an empty buffer holds no records and no tail', () => {
    expect(decodeRecords(new Uint8Array(0))).toEqual({ records: [], validLength: 0, invalidTail: 0 })
  })

  describe('a torn tail is reported, not decoded', () => {
    const good = Buffer.concat([encodeRecord(bytes(1, 2, 3)), encodeRecord(bytes(4, 5))])
    const next = encodeRecord(bytes(6, 7, 8, 9, 10))
    for (const cut of [1, 4, 7, 8, 9, next.length - 1]) {
      it(`last record cut after ${cut} of ${next.length} bytes`, () => {
        const buf = Buffer.concat([good, next.subarray(0, cut)])
        const { records, validLength, invalidTail } = decodeRecords(buf)
        expect(records.map((r) => [...r])).toEqual([
          [1, 2, 3],
          [4, 5],
        ])
        expect(validLength).toBe(good.length)
        expect(invalidTail).toBe(cut)
        expect(hasRecordAfter(buf, validLength)).toBe(false)
      })
    }

    it('a whole last record with a wrong checksum', () => {
      const bad = Buffer.from(next)
      flip(bad, RECORD_HEADER_BYTES + 2, 0xff)
      const buf = Buffer.concat([good, bad])
      const { records, validLength, invalidTail } = decodeRecords(buf)
      expect(records).toHaveLength(2)
      expect(validLength).toBe(good.length)
      expect(invalidTail).toBe(bad.length)
      expect(hasRecordAfter(buf, validLength)).toBe(false)
    })
  })

  describe('damage in the middle: decoding stops there and a valid record is found after it', () => {
    const recs = [bytes(1, 2, 3, 4), bytes(5, 6, 7, 8, 9), bytes(10, 11, 12)].map(encodeRecord)

    it('a flipped payload byte of the first record', () => {
      const buf = Buffer.concat(recs)
      flip(buf, RECORD_HEADER_BYTES + 1, 0x01)
      const { records, validLength, invalidTail } = decodeRecords(buf)
      expect(records).toHaveLength(0)
      expect(validLength).toBe(0)
      expect(invalidTail).toBe(buf.length)
      expect(hasRecordAfter(buf, validLength)).toBe(true)
    })

    it('a damaged length field of the middle record', () => {
      const buf = Buffer.concat(recs)
      buf.writeUInt32LE(1000, recs[0]!.length)
      const { records, validLength } = decodeRecords(buf)
      expect(records.map((r) => [...r])).toEqual([[1, 2, 3, 4]])
      expect(validLength).toBe(recs[0]!.length)
      expect(hasRecordAfter(buf, validLength)).toBe(true)
    })

    it('overwritten bytes (a hole) before a valid record', () => {
      const buf = Buffer.concat([recs[0]!, Buffer.alloc(24, 0xee), recs[2]!])
      const { records, validLength } = decodeRecords(buf)
      expect(records).toHaveLength(1)
      expect(hasRecordAfter(buf, validLength)).toBe(true)
    })
  })

  it('hasRecordAfter does not take zero bytes for an empty record', () => {
    const buf = Buffer.concat([encodeRecord(bytes(1)), Buffer.from([0xff]), Buffer.alloc(40)])
    expect(hasRecordAfter(buf, encodeRecord(bytes(1)).length)).toBe(false)
  })

  it('hasRecordAfter finds a record that starts right after the damaged byte', () => {
    const tail = encodeRecord(bytes(42, 43))
    const buf = Buffer.concat([encodeRecord(bytes(1)), Buffer.from([0xff]), tail])
    expect(hasRecordAfter(buf, encodeRecord(bytes(1)).length)).toBe(true)
  })
})

/** XORs one byte in place (a simulated bit rot). */
function flip(buf: Uint8Array, index: number, mask: number): void {
  buf[index] = buf[index]! ^ mask
}
