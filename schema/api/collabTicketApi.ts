/** `POST /api/collab-ticket`: a single-use credential for the collaboration socket. */
import { z } from 'zod'
import { isReportId } from '../reportId'
import { defineRoute } from './apiRoute'

export const ticketRequest = z.strictObject({ reportId: z.string().refine(isReportId, 'not a report id').optional() })

export const collabTicketApi = {
  issue: defineRoute({
    method: 'post',
    path: '/api/collab-ticket',
    tag: 'collaboration',
    auth: 'user',
    summary: 'A single-use ticket, valid 60 s, that opens `/collab/<report>?ticket=…` as the caller (the token never goes into a URL)',
    description: 'With `reportId` the ticket opens that report only (the caller must be a member).',
    body: ticketRequest,
    status: 201,
    response: z.object({ ticket: z.string(), expiresAt: z.string().describe('ISO time') }),
    errors: { 403: 'not a member', 404: 'no such report', 410: 'archived', 429: 'too many unused tickets' },
  }),
}
