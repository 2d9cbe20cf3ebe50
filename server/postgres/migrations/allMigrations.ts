import type { Migration } from '../Migration'
import { m001Documents } from './m001_documents'

/** Every schema step, oldest first. A new step gets the next version; an applied one is never edited. */
export const allMigrations: readonly Migration[] = [m001Documents]
