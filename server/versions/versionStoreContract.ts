/**
 * What every VersionStore does, whatever it stores in: one suite, run
 * against each backend by VersionStore.contract.test.ts. Versions are
 * immutable and byte-identical on every read; bytes altered in storage are
 * refused (VersionDamagedError) and left out of the listing; onPublished
 * tells of every version written, and (a backend several processes share)
 * of versions written through another instance.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import { newReportId } from '../comments/commentStoreContract'
import { StorageWriteError } from '../storage/storageErrors'
import { fileDigest, VersionDamagedError, type VersionStore, type VersionStoreOptions } from './VersionStore'

export interface VersionStoreBackend {
  /** A store on this backend's storage. */
  open(options?: VersionStoreOptions): VersionStore
  /** Alters the stored bytes of a version behind the store's back: one letter of its HTML changed, or cut in half. */
  damage(reportId: string, label: string, how: 'flip' | 'truncate'): Promise<void>
  /** Whether several store instances (processes) share the storage (and tell each other of versions). */
  shared: boolean
  /** A store whose storage refuses every write (a file where its folder should be, a database that is not there). */
  broken(): VersionStore
  /** Stops what the stores opened by this backend keep running (listeners). */
  close(): Promise<void>
}

const fixture = JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/publishedVersion.v1.json'), 'utf8')) as PublishedVersion

/** A published version of `reportId` with revision `revision` (label 1, 1.1, …), as of the v1 fixture. */
export const versionOf = (reportId: string, revision = 0, note: string | null = null): PublishedVersion => ({
  ...fixture,
  reportId,
  revision,
  version: revision === 0 ? '1' : `1.${revision}`,
  publishedAt: new Date(Date.UTC(2026, 10, 2, 2, 30, revision)).toISOString(),
  note,
})

/** Versions a listener was told of, and a promise for when there are `n` of them (waits on the event, no polling). */
function heardVersions() {
  const items: PublishedVersion[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  return {
    items,
    push(v: PublishedVersion) {
      items.push(v)
      for (const w of waiters.splice(0)) {
        if (items.length >= w.n) w.resolve()
        else waiters.push(w)
      }
    },
    atLeast(n: number): Promise<void> {
      return items.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))
    },
  }
}

export function versionStoreContract(name: string, makeBackend: () => VersionStoreBackend): void {
  describe(`VersionStore contract: ${name}`, () => {
    const withBackend = (fn: (b: VersionStoreBackend, digests: Map<string, string>) => Promise<void>) => async () => {
      const b = makeBackend()
      try {
        await fn(b, new Map())
      } finally {
        await b.close()
      }
    }
    /** recordedDigest from the digests the writes answered, as the metadata records them. */
    const recorded = (digests: Map<string, string>): VersionStoreOptions => ({ recordedDigest: (id, label) => digests.get(`${id}/${label}`) })

    it(
      'writes a version once and answers its bytes, identical on every read, through any instance',
      withBackend(async (b, digests) => {
        const store = b.open(recorded(digests))
        const id = newReportId()
        const v = versionOf(id)
        const digest = await store.write(v)
        digests.set(`${id}/1`, digest)
        const bytes = (await store.read(id, '1'))!
        expect(bytes.equals(Buffer.from(JSON.stringify(v), 'utf8'))).toBe(true)
        expect(fileDigest(bytes)).toBe(digest)
        const other = b.open(recorded(digests))
        expect((await other.read(id, '1'))!.equals(bytes)).toBe(true)
        const got = (await other.get(id, '1'))!
        expect(got).toMatchObject({ reportId: id, version: '1', sha256: v.sha256, html: v.html })
        expect(await other.read(id, '1.1')).toBeUndefined()
        expect(await other.read(newReportId(), '1')).toBeUndefined()
        expect(await other.read(id, '../1')).toBeUndefined()
        expect(await other.get(id, '1.1')).toBeUndefined()
      }),
    )

    it(
      'lists versions in publishing order (1, 1.2, 1.10), labels too; latest is the newest',
      withBackend(async (b, digests) => {
        const store = b.open(recorded(digests))
        const id = newReportId()
        for (const revision of [0, 2, 10, 9]) {
          const v = versionOf(id, revision, revision === 2 ? '第二版' : null)
          digests.set(`${id}/${v.version}`, await store.write(v))
        }
        expect(await store.labels(id)).toEqual(['1', '1.2', '1.9', '1.10'])
        const list = await b.open(recorded(digests)).list(id)
        expect(list.map((s) => s.version)).toEqual(['1', '1.2', '1.9', '1.10'])
        expect(list[1]).toEqual({
          version: '1.2',
          revision: 2,
          publishedAt: versionOf(id, 2).publishedAt,
          publishedBy: versionOf(id).publishedBy.displayName,
          sha256: versionOf(id).sha256,
          note: '第二版',
        })
        expect((await store.latest(id))?.version).toBe('1.10')
        expect(await store.list(newReportId())).toEqual([])
        expect(await store.labels(newReportId())).toEqual([])
        expect(await store.latest(newReportId())).toBeUndefined()
      }),
    )

    it(
      'never rewrites a version: a second write of a label fails and the first stays byte-identical',
      withBackend(async (b, digests) => {
        const store = b.open(recorded(digests))
        const id = newReportId()
        const first = versionOf(id)
        digests.set(`${id}/1`, await store.write(first))
        await expect(store.write({ ...first, note: 'overwrite?' })).rejects.toThrow(/never rewritten/)
        await expect(b.open(recorded(digests)).write({ ...first, note: 'from elsewhere' })).rejects.toThrow(/never rewritten/)
        expect((await b.open(recorded(digests)).read(id, '1'))!.equals(Buffer.from(JSON.stringify(first), 'utf8'))).toBe(true)
        await expect(store.write({ ...first, version: '2' })).rejects.toThrow(/invalid version label/)
      }),
    )

    for (const how of ['flip', 'truncate'] as const) {
      it(
        `refuses a version whose stored bytes were altered (${how}), lists the others, adopts only a whole one`,
        withBackend(async (b, digests) => {
          const store = b.open(recorded(digests))
          const id = newReportId()
          for (const revision of [0, 1]) digests.set(`${id}/${revision ? '1.1' : '1'}`, await store.write(versionOf(id, revision)))
          await b.damage(id, '1', how)
          const fresh = b.open(recorded(digests))
          await expect(fresh.read(id, '1')).rejects.toBeInstanceOf(VersionDamagedError)
          await expect(fresh.get(id, '1')).rejects.toBeInstanceOf(VersionDamagedError)
          expect((await fresh.list(id)).map((s) => s.version)).toEqual(['1.1'])
          expect(await fresh.labels(id)).toEqual(['1', '1.1'])
          expect((await fresh.get(id, '1.1'))?.version).toBe('1.1')
          // adopt() judges the content only: an altered HTML letter keeps the content sha256 whole, half a file does not.
          const adopted = await fresh.adopt(id, '1')
          if (how === 'truncate') expect(adopted).toBeUndefined()
          else expect(adopted).toMatch(/^[0-9a-f]{64}$/)
          expect(adopted).not.toBe(digests.get(`${id}/1`))
          expect(await fresh.adopt(id, '1.1')).toBe(digests.get(`${id}/1.1`))
        }),
      )
    }

    it(
      'storage that refuses a write raises StorageWriteError, and tells no listener',
      withBackend(async (b) => {
        const store = b.broken()
        const heard: PublishedVersion[] = []
        store.onPublished((v) => heard.push(v))
        await expect(store.write(versionOf(newReportId()))).rejects.toBeInstanceOf(StorageWriteError)
        expect(heard).toEqual([])
      }),
    )

    it(
      'a recorded digest that differs from the bytes refuses them',
      withBackend(async (b) => {
        const id = newReportId()
        await b.open().write(versionOf(id))
        const wrong = b.open({ recordedDigest: () => 'f'.repeat(64) })
        await expect(wrong.read(id, '1')).rejects.toBeInstanceOf(VersionDamagedError)
        expect(await wrong.list(id)).toEqual([])
      }),
    )

    it(
      'onPublished tells of each version written, not of a refused write; the returned function stops it',
      withBackend(async (b) => {
        const store = b.open()
        const id = newReportId()
        const heard = heardVersions()
        const stop = store.onPublished((v) => v.reportId === id && heard.push(v))
        store.onPublished((v) => {
          if (v.reportId === id) throw new Error('(expected in this test) a failing listener does not stop the others')
        })
        await store.write(versionOf(id))
        await expect(store.write(versionOf(id))).rejects.toThrow(/never rewritten/)
        await store.write(versionOf(id, 1))
        await heard.atLeast(2)
        stop()
        await store.write(versionOf(id, 2))
        // A version written after it, heard by another listener: the stopped one would have been told by then.
        const marker = newReportId()
        const markers = heardVersions()
        store.onPublished((v) => v.reportId === marker && markers.push(v))
        await store.write(versionOf(marker))
        await markers.atLeast(1)
        expect(heard.items.map((v) => v.version)).toEqual(['1', '1.1'])
      }),
    )

    it(
      'onPublished of a second instance tells of a version written through the first',
      withBackend(async (b, digests) => {
        if (!b.shared) return
        const [one, two] = [b.open(recorded(digests)), b.open()]
        const id = newReportId()
        const heard = heardVersions()
        two.onPublished((v) => v.reportId === id && heard.push(v))
        digests.set(`${id}/1`, await one.write(versionOf(id)))
        await heard.atLeast(1)
        expect(heard.items[0]).toMatchObject({ reportId: id, version: '1', sha256: versionOf(id).sha256 })
        digests.set(`${id}/1.1`, await one.write(versionOf(id, 1)))
        await heard.atLeast(2)
        expect(heard.items.map((v) => v.version)).toEqual(['1', '1.1'])
      }),
    )
  })
}
