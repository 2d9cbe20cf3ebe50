/**
 * A speech-bubble icon (the 💬 of the design) drawn as SVG: emoji fonts are
 * missing on many work machines and in headless browsers, where 💬 shows as a box.
 */
export function CommentIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="comment-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M2.5 2h11A1.5 1.5 0 0 1 15 3.5v7a1.5 1.5 0 0 1-1.5 1.5H7l-3.2 2.6a.5.5 0 0 1-.8-.4V12h-.5A1.5 1.5 0 0 1 1 10.5v-7A1.5 1.5 0 0 1 2.5 2Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
    </svg>
  )
}
