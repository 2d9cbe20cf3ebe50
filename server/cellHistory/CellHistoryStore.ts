/**
 * The history of the fields of a report's blocks (metric rows): every change
 * with who made it, when, from what to what. Append-only; read per block,
 * oldest first. Two implementations: FileCellHistoryStore (one JSON-lines
 * file per report, the embedded default) and PgCellHistoryStore (table
 * `cell_history`, cluster mode); cellHistoryStoreContract.ts is the
 * behaviour both pass.
 */
import type { CellChange } from '@schema/api/cellHistoryApi'

/** One recorded change: a CellChange and the block it belongs to. */
export interface CellHistoryEntry extends CellChange {
  blockId: string
}

export interface CellHistoryStore {
  /**
   * Appends changes of one report, in their order, durably before resolving.
   * Entries appended by one call keep their order; so do successive calls of
   * one process.
   */
  append(reportId: string, entries: readonly CellHistoryEntry[]): Promise<void>
  /** The changes of one block, oldest first (after every append queued before this call in this process). */
  read(reportId: string, blockId: string): Promise<CellChange[]>
  /** Waits for every append started so far (shutdown, tests). */
  idle(): Promise<void>
}

/** Whether a stored line has the shape of an entry (anything else is skipped when read). */
export function isCellHistoryEntry(data: unknown): data is CellHistoryEntry {
  const e = data as Partial<CellHistoryEntry> | null
  const nullableString = (v: unknown) => v === null || typeof v === 'string'
  return (
    !!e &&
    typeof e === 'object' &&
    typeof e.at === 'string' &&
    typeof e.blockId === 'string' &&
    typeof e.field === 'string' &&
    nullableString(e.from) &&
    nullableString(e.to) &&
    !!e.by &&
    (e.by.kind === 'user' || e.by.kind === 'token') &&
    typeof e.by.id === 'string' &&
    typeof e.by.name === 'string'
  )
}

/** The entry as the API answers it (without its block id). */
export const cellChangeOf = ({ at, by, field, from, to }: CellHistoryEntry): CellChange => ({ at, by: { kind: by.kind, id: by.id, name: by.name }, field, from, to })
