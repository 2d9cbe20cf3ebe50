/** Severities that need an owner, a root cause and a linked action (the check asks for them, the editor warns while the link is missing). */
const NEEDS_ACTION: ReadonlySet<string> = new Set(['critical', 'high', 'medium'])

/** Whether an issue of this severity needs an owner, a root cause and a linked action. */
export const issueNeedsAction = (severity: unknown): boolean => typeof severity === 'string' && NEEDS_ACTION.has(severity)
