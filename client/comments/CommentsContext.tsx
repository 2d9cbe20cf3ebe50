import { createContext, useContext, useSyncExternalStore } from 'react'
import type { CommentsController, CommentsSnapshot } from './CommentsController'

/** What the comment UI around the editor (sidebar, node view buttons) shares. */
export interface CommentsEnv {
  controller: CommentsController
  /** Reviewers and up write comments; viewers read them. */
  canComment: boolean
  /** Commenting, and the report is not published (a frozen body takes no new threads). */
  canStartThread: boolean
}

export const CommentsContext = createContext<CommentsEnv | null>(null)

/** The comments environment, or null outside a report (node views rendered elsewhere). */
export function useCommentsEnv(): CommentsEnv | null {
  return useContext(CommentsContext)
}

/** The controller's current state, re-rendering on change. */
export function useCommentsSnapshot(controller: CommentsController): CommentsSnapshot {
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot)
}
