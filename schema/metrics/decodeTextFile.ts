/**
 * The text of a CSV file as bytes: by its byte-order mark (UTF-8, UTF-16 LE
 * or BE) when it has one, else UTF-8 when the bytes are valid UTF-8, else
 * GB18030 — what Excel and WPS on a Chinese Windows write for "CSV (逗号分隔)"
 * (a superset of GBK and GB2312). Works in the browser and in Node.
 */
export interface DecodedText {
  text: string
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'
}

export function decodeTextFile(bytes: Uint8Array): DecodedText {
  const [a, b, c] = bytes
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' }
  if (a === 0xff && b === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  if (a === 0xfe && b === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}
