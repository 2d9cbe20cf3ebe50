/**
 * Transaction origin of a write the server makes on someone's behalf (a
 * metrics push with an API token or a session): the write is the server's
 * own (no connection sent it), the change is theirs. `source` names the
 * server component (`server:push`); `author` is who the change's history
 * names (cellHistory/changeAuthor.ts).
 */
import type { ChangeAuthor } from '@schema/api/cellHistoryApi'

export class AttributedOrigin {
  constructor(
    readonly source: string,
    readonly author: ChangeAuthor,
  ) {}
}
