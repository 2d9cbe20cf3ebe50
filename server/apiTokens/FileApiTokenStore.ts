/**
 * The embedded ApiTokenStore: every token of the instance in one JSON file,
 * `<dataDir>/api-tokens.json`, read once and held in memory (one process
 * owns an embedded data folder). Every change is written atomically (temp
 * file, fsync, rename) before it is answered and before memory takes it: a
 * write that fails changes nothing. A file that does not parse is reported,
 * never overwritten.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { SerialQueue } from '../storage/SerialQueue'
import { StorageReadError, storageWriteError } from '../storage/storageErrors'
import { writeFileAtomic } from '../storage/writeFileAtomic'
import { isApiTokenRecord, isTokenLive, isUseToRecord, type ApiTokenRecord, type ApiTokenStore } from './ApiTokenStore'

const FILE_VERSION = 1

interface TokenFile {
  version: typeof FILE_VERSION
  tokens: ApiTokenRecord[]
}

export class FileApiTokenStore implements ApiTokenStore {
  private readonly file: string
  private readonly queue = new SerialQueue()
  private loaded: Promise<ApiTokenRecord[]> | undefined

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, 'api-tokens.json')
  }

  create(record: ApiTokenRecord): Promise<void> {
    return this.change((tokens) => {
      if (tokens.some((t) => t.id === record.id || t.hash === record.hash)) throw new Error('an API token with this id or secret exists')
      return { tokens: [...tokens, { ...record }], result: undefined }
    })
  }

  async byHash(hash: string): Promise<ApiTokenRecord | undefined> {
    return copy((await this.tokens()).find((t) => t.hash === hash))
  }

  async byId(id: string): Promise<ApiTokenRecord | undefined> {
    return copy((await this.tokens()).find((t) => t.id === id))
  }

  async listFor(userId: string): Promise<ApiTokenRecord[]> {
    return (await this.tokens())
      .filter((t) => t.userId === userId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map((t) => ({ ...t }))
  }

  revoke(id: string, at: string): Promise<ApiTokenRecord | undefined> {
    return this.change((tokens) => {
      const found = tokens.find((t) => t.id === id)
      if (!found || found.revokedAt !== null) return { result: copy(found) }
      const revoked = { ...found, revokedAt: at }
      return { tokens: tokens.map((t) => (t.id === id ? revoked : t)), result: { ...revoked } }
    })
  }

  async touch(id: string, at: string): Promise<boolean> {
    // Most calls record nothing: answered from memory without queueing a write.
    const current = (await this.tokens()).find((t) => t.id === id)
    if (!current || !isUseToRecord(current.lastUsedAt, at)) return false
    return this.change((tokens) => {
      const found = tokens.find((t) => t.id === id)
      if (!found || !isUseToRecord(found.lastUsedAt, at)) return { result: false }
      return { tokens: tokens.map((t) => (t.id === id ? { ...t, lastUsedAt: at } : t)), result: true }
    })
  }

  async activeCount(userId: string, now: string): Promise<number> {
    return (await this.tokens()).filter((t) => t.userId === userId && isTokenLive(t, now)).length
  }

  idle(): Promise<void> {
    return this.queue.idle()
  }

  /** Runs `fn` on the current tokens, one change at a time; what it returns as `tokens` is written, then kept. */
  private change<T>(fn: (tokens: readonly ApiTokenRecord[]) => { tokens?: ApiTokenRecord[]; result: T }): Promise<T> {
    return this.queue.run(async () => {
      const { tokens, result } = fn(await this.tokens())
      if (!tokens) return result
      const file: TokenFile = { version: FILE_VERSION, tokens }
      try {
        await fsp.mkdir(this.dataDir, { recursive: true })
        await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(file)))
      } catch (err) {
        throw storageWriteError(err)
      }
      this.loaded = Promise.resolve(tokens)
      return result
    })
  }

  private tokens(): Promise<ApiTokenRecord[]> {
    const loading = (this.loaded ??= this.load())
    // A read that failed is tried again next time (the file may be repaired meanwhile).
    loading.catch(() => {
      if (this.loaded === loading) this.loaded = undefined
    })
    return loading
  }

  private async load(): Promise<ApiTokenRecord[]> {
    let text: string
    try {
      text = await fsp.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new StorageReadError(`The API tokens cannot be read (${(err as Error).message}); nothing was changed.`)
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new StorageReadError('The API tokens file is damaged; it was left untouched.')
    }
    const file = data as Partial<TokenFile> | null
    if (!file || file.version !== FILE_VERSION || !Array.isArray(file.tokens) || !file.tokens.every(isApiTokenRecord)) {
      throw new StorageReadError('The API tokens file has an unknown shape; it was left untouched.')
    }
    return file.tokens
  }
}

const copy = (record: ApiTokenRecord | undefined): ApiTokenRecord | undefined => record && { ...record }
