import type { Node as PMNode } from '@tiptap/pm/model'
import { blockDefinition } from './blockRegistry'

/** The user's words naming a block (its definition's `caption`), '' for blocks without any. */
export const captionOf = (node: PMNode): string => blockDefinition(node.type.name)?.caption?.(node) ?? ''
