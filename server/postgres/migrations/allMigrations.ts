import type { Migration } from '../Migration'
import { m001Documents } from './m001_documents'
import { m002Meta } from './m002_meta'
import { m003Records } from './m003_records'
import { m004ApiTokens } from './m004_apiTokens'
import { m005CellHistory } from './m005_cellHistory'

/** Every schema step, oldest first. A new step gets the next version; an applied one is never edited. */
export const allMigrations: readonly Migration[] = [m001Documents, m002Meta, m003Records, m004ApiTokens, m005CellHistory]
