import { crc32 } from 'node:zlib'

/**
 * One record of an update log or snapshot file:
 * `u32le length · u32le crc32(payload) · payload`.
 * The checksum tells a torn or damaged write from a real one.
 */
export const RECORD_HEADER_BYTES = 8

export function encodeRecord(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length)
  out.writeUInt32LE(payload.length, 0)
  out.writeUInt32LE(crc32(payload), 4)
  out.set(payload, RECORD_HEADER_BYTES)
  return out
}

export interface DecodedRecords {
  records: Uint8Array[]
  /** Bytes from the start that hold whole, valid records. */
  validLength: number
  /** Bytes after `validLength` that are not a valid record (a torn or damaged tail). */
  invalidTail: number
}

/**
 * Reads records until the end or the first record that is cut short or whose
 * checksum fails. Whatever follows is reported as `invalidTail`; the caller
 * decides whether that is a torn last write or damage.
 */
export function decodeRecords(buf: Uint8Array): DecodedRecords {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  const records: Uint8Array[] = []
  let pos = 0
  while (pos + RECORD_HEADER_BYTES <= view.length) {
    const len = view.readUInt32LE(pos)
    const sum = view.readUInt32LE(pos + 4)
    const end = pos + RECORD_HEADER_BYTES + len
    // Zero bytes (a file grown before its data reached the disk) read as an
    // empty record with a valid checksum; no real record is empty.
    if (len === 0 || end > view.length) break
    const payload = view.subarray(pos + RECORD_HEADER_BYTES, end)
    if (crc32(payload) !== sum) break
    records.push(payload)
    pos = end
  }
  return { records, validLength: pos, invalidTail: view.length - pos }
}

/** True when a whole record with a valid checksum starts anywhere after `start`. */
export function hasRecordAfter(buf: Uint8Array, start: number): boolean {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  for (let pos = start + 1; pos + RECORD_HEADER_BYTES < view.length; pos++) {
    const len = view.readUInt32LE(pos)
    const end = pos + RECORD_HEADER_BYTES + len
    if (len === 0 || end > view.length) continue
    if (crc32(view.subarray(pos + RECORD_HEADER_BYTES, end)) === view.readUInt32LE(pos + 4)) return true
  }
  return false
}
