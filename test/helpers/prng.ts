/** A small seeded PRNG (mulberry32) so randomized tests can be replayed with `SEED=<n>`. */

export interface Rng {
  readonly seed: number
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [0, n). */
  int(n: number): number
  /** Integer in [min, max]. */
  between(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Lowercase letters and spaces, `length` characters. */
  word(length: number): string
}

/** The seed from env `SEED`, else a random one. */
export function seedFromEnv(): number {
  const fromEnv = process.env.SEED
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv)
    if (!Number.isInteger(n)) throw new Error(`SEED must be an integer, got "${fromEnv}"`)
    return n >>> 0
  }
  return Math.floor(Math.random() * 2 ** 32) >>> 0
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return {
    seed: seed >>> 0,
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(items.length)]!
    },
    word: (length) => {
      const letters = 'abcdefghijklmnopqrstuvwxyz     '
      let s = ''
      for (let i = 0; i < length; i++) s += letters[int(letters.length)]
      return s
    },
  }
}
