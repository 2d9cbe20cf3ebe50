// Module load hook for encodeCounter.mjs (runs on the loader thread): makes
// yjs.mjs' encodeStateAsUpdate report each call to globalThis.__benchCountEncode.
const DEFINITION = 'const encodeStateAsUpdate = (doc, encodedTargetStateVector) => encodeStateAsUpdateV2('
const COUNTING = 'const encodeStateAsUpdate = (doc, encodedTargetStateVector) => (globalThis.__benchCountEncode?.(encodedTargetStateVector), encodeStateAsUpdateV2('

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context)
  if (!/\/node_modules\/yjs\/dist\/yjs\.mjs$/.test(url) || result.source == null) return result
  const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source).toString('utf8')
  if (!source.includes(DEFINITION)) throw new Error('encodeCounterHooks: yjs.mjs changed, cannot count encodes')
  // The original call ends with `, new UpdateEncoderV1());`: close the extra paren.
  const patched = source.replace(/const encodeStateAsUpdate = \(doc, encodedTargetStateVector\) => encodeStateAsUpdateV2\(doc, encodedTargetStateVector, new UpdateEncoderV1\(\)\);/, `${COUNTING}doc, encodedTargetStateVector, new UpdateEncoderV1()));`)
  if (patched === source) throw new Error('encodeCounterHooks: yjs.mjs changed, cannot count encodes')
  return { ...result, source: patched }
}
