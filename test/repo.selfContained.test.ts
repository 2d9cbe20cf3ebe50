/**
 * The repository is self-contained: no file (code, comment, test, document)
 * points at a document or folder that is not in it, and every relative link
 * in README.md and docs/ leads to a file of the repository (and, for a link
 * into a Markdown file with #anchor, to one of its headings). The domain is
 * described in docs/domain.md, the API in the OpenAPI document the server
 * serves; nothing refers to design notes kept elsewhere.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = dirname(dirname(fileURLToPath(import.meta.url)))

/** Every git-tracked path, relative to the repository root, with forward slashes. */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
}

/** The file's text, or null for binary files (a NUL byte in the first 8 KiB) and tracked paths that are not files. */
function textOf(path: string): string | null {
  let bytes: Buffer
  try {
    bytes = readFileSync(posix.join(root, path))
  } catch {
    return null
  }
  return bytes.subarray(0, 8192).includes(0) ? null : bytes.toString('utf8')
}

/**
 * References to things outside the repository in one file's text:
 * a Markdown file named in capitals (the way design notes kept elsewhere are
 * named) that the repository does not hold, and the sibling folders a
 * shared design used to live in.
 */
export function outsideReferences(text: string, trackedNames: ReadonlySet<string>): string[] {
  const found: string[] = []
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9_-]*\.md\b/g)) if (!trackedNames.has(m[0])) found.push(m[0])
  for (const m of text.matchAll(/\.\.\/shared\b|\bshared\/design\b/g)) found.push(m[0])
  return found
}

/**
 * Paths of the repository's own files named in a text (`server/app.ts`,
 * `docs/security.md#…`): from a top-level folder of the project to a file
 * extension. Placeholders (`schema/blocks/<block>/`) and globs are not paths.
 */
export function repoPaths(text: string): string[] {
  const found = text.matchAll(/(?<![\w./-])(?:schema|server|client|test|bench|docs)\/[\w./-]*?\.(?:tsx?|md|json|c?js|svg|png|html)(?![\w-])/g)
  return [...new Set([...found].map((m) => m[0]))]
}

/** GitHub's anchor of a heading: lower case, punctuation dropped (letters of any script kept), spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors of a Markdown text's headings (`#`…`######`), outside code fences. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    withoutCode(markdown)
      .split('\n')
      .flatMap((line) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.slice(1, 2) ?? [])
      .map(headingSlug),
  )
}

/** Markdown with fenced code blocks and inline code blanked, so paths quoted as code are not taken for links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '``')
}

/** The link targets of a Markdown text: `[text](target)`, `![alt](target)`, and `src` / `href` of inline HTML. */
export function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown)
  const targets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!)
  targets.push(...[...text.matchAll(/\b(?:src|href)\s*=\s*"([^"]+)"/g)].map((m) => m[1]!))
  return targets
}

/**
 * The links of one Markdown file (at `path`) that lead nowhere in the
 * repository: a relative path no tracked file has (a folder counts when it
 * holds tracked files), or an #anchor no heading of the target has. Links
 * with a scheme (https:, mailto:) are left alone; a link starting with "/"
 * is taken from the repository root, as GitHub does.
 */
export function brokenLinks(path: string, markdown: string, tracked: ReadonlySet<string>, read: (path: string) => string | null): string[] {
  const broken: string[] = []
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue
    const [rawPath = '', anchor] = target.split('#', 2) as [string, string | undefined]
    const filePart = decodeURIComponent(rawPath)
    const resolved = filePart === '' ? path : filePart.startsWith('/') ? posix.normalize(filePart.slice(1)) : posix.normalize(posix.join(posix.dirname(path), filePart))
    const isFile = filePart === '' || tracked.has(resolved)
    const isFolder = !isFile && [...tracked].some((t) => t.startsWith(resolved.replace(/\/$/, '') + '/'))
    if (resolved.startsWith('..') || (!isFile && !isFolder)) {
      broken.push(target)
      continue
    }
    if (anchor && isFile && resolved.endsWith('.md')) {
      const text = resolved === path ? markdown : read(resolved)
      if (text === null || !anchorsOf(text).has(decodeURIComponent(anchor).toLowerCase())) broken.push(target)
    }
  }
  return broken
}

describe('the checks themselves', () => {
  const capitalised = (name: string) => `${name.toUpperCase()}.md`
  it('find capitalised Markdown names the repository does not hold, and the shared design folders', () => {
    const tracked = new Set(['README.md'])
    const text = `see ${capitalised('contract')} §3, the README.md, docs/domain.md, ..${'/'}shared/x and shared${'/'}design/tokens`
    expect(outsideReferences(text, tracked)).toEqual([capitalised('contract'), '..' + '/shared', 'shared' + '/design'])
    expect(outsideReferences('Read README.md and docs/domain.md.', tracked)).toEqual([])
  })

  it('find links to missing files, paths outside the repository and unknown anchors; code and URLs are not links', () => {
    const tracked = new Set(['README.md', 'docs/domain.md', 'docs/a.png', 'server/app.ts'])
    const files: Record<string, string> = { 'docs/domain.md': '# The domain\n\n## KPI 指标\n', 'README.md': '# Title\n## Run\n' }
    const md = [
      '[ok](domain.md) [ok](domain.md#kpi-指标) [ok](../README.md#run) [ok](../server) [ok](/server/app.ts)',
      '<img src="a.png"> [web](https://example.com/x.md) [self](#the-page)',
      '[gone](missing.md) [out](../../elsewhere/notes.md) [bad anchor](domain.md#nope) <img src="gone.png">',
      '`[code](not-a-link.md)`',
      '```\n[fenced](also-not.md)\n```',
      '# The page',
    ].join('\n')
    expect(brokenLinks('docs/x.md', md, tracked, (p) => files[p] ?? null)).toEqual(['missing.md', '../../elsewhere/notes.md', 'domain.md#nope', 'gone.png'])
  })
})

describe('file paths named in the repository', () => {
  it('are taken from folder to extension; placeholders, globs and other folders are not paths', () => {
    const text = 'see server/app.ts, (docs/security.md#s1) and `client/i18n/messages.ts`; not schema/blocks/<block>/x.ts, bench/*.ts, node_modules/x/y.js or myserver/x.ts'
    expect(repoPaths(text)).toEqual(['server/app.ts', 'docs/security.md', 'client/i18n/messages.ts'])
  })
})

describe('the repository is self-contained', () => {
  const files = trackedFiles()
  const tracked = new Set(files)
  const trackedNames = new Set(files.map((f) => posix.basename(f)))

  it('lists its files (git ls-files answers)', () => {
    expect(files).toContain('README.md')
    expect(files).toContain('docs/domain.md')
  })

  it('no tracked text file refers to documents or folders outside it', () => {
    const offenders = files.flatMap((path) => {
      const text = textOf(path)
      return text === null ? [] : outsideReferences(text, trackedNames).map((ref) => `${path}: ${ref}`)
    })
    expect(offenders).toEqual([])
  })

  it('every file path named in a tracked file exists (tracked, or a generated file git ignores)', () => {
    // This file's own fixtures name files that do not exist, on purpose.
    const self = posix.relative(root, fileURLToPath(import.meta.url).split('\\').join('/'))
    const named = files.filter((f) => f !== self).flatMap((path) => (repoPaths(textOf(path) ?? '')).map((p) => ({ path, p })))
    const missing = named.filter(({ p }) => !tracked.has(p))
    const ignored = new Set(
      missing.length === 0
        ? []
        : // Exit status 1 means "none ignored"; stdout lists the ignored ones either way.
          spawnSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: root, encoding: 'utf8', input: missing.map(({ p }) => p).join('\n') + '\n' }).stdout.split('\n'),
    )
    expect(missing.filter(({ p }) => !ignored.has(p)).map(({ path, p }) => `${path}: ${p}`)).toEqual([])
  })

  it('every relative link in README.md and docs/*.md leads to a file (and heading) of the repository', () => {
    const markdown = files.filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')))
    expect(markdown.length).toBeGreaterThan(1)
    const offenders = markdown.flatMap((path) => brokenLinks(path, textOf(path) ?? '', tracked, textOf).map((link) => `${path}: ${link}`))
    expect(offenders).toEqual([])
  })

  it('the README links the domain description', () => {
    expect(linkTargets(textOf('README.md') ?? '')).toContain('docs/domain.md')
  })
})
