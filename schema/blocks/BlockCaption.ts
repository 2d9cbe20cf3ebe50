import type { Node as PMNode } from '@tiptap/pm/model'

/** The user's own words that name a block for readers (a metric row's name, an issue's title), '' when there are none. */
export type BlockCaption = (node: PMNode) => string
