/**
 * Measuring code run inside the page of the editor benchmark. Kept as plain
 * JavaScript source (not functions serialised by Playwright) so the TS
 * toolchain cannot add helpers the page lacks. All times are the page's
 * `performance.now()`, i.e. ms since the navigation started.
 *
 * Blocks are found the way the DOM shows them, whatever node views exist
 * (they are developed concurrently): an element carrying the block's id in
 * `data-block-id` (node views) or `data-id` (the schema's renderHTML); if
 * neither shows every id, the ProseMirror view description of the element
 * (`el.pmViewDesc.node.attrs.id`, ProseMirror's own DOM ↔ node link). Text
 * blocks must also show their unique text.
 */

export interface LoadProbeConfig {
  /** Ids of every block carrying one. */
  ids: string[]
  /** One unique text per text block. */
  markers: string[]
  /** The text block to type into once everything is rendered. */
  caretMarker: string
}

/** Page-side record of one load (window.__load). */
export interface LoadRecord {
  /** The editor's contenteditable is in the DOM. */
  editorAt: number | null
  /** Every block is in the DOM (seen by a MutationObserver callback). */
  renderedAt: number | null
  /** The next animation frame after that. */
  renderedFrameAt: number | null
  /** Which DOM marks identified the blocks: data-block-id | data-block-id+data-id | pmViewDesc. */
  mode: string | null
  /** What the DOM had when everything was rendered. */
  dom: { dataBlockId: number; dataId: number; topLevelChildren: number; sectionChildren: number } | null
  ready: boolean
  keydownAt: number | null
  typedAt: number | null
  typedFrameAt: number | null
  error: string | null
}

/** Shared page-side helpers (a string spliced into both probes). */
const HELPERS = `
  const editorRoot = () => document.querySelector('.ProseMirror[contenteditable="true"]');
  /** The text node holding marker, inside root. */
  const textNodeWith = (root, marker) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.data.includes(marker)) return n;
    return null;
  };
  /** Focus the editor and put the caret at the end of the text node holding marker. */
  const caretAfter = (root, marker) => {
    const node = textNodeWith(root, marker);
    if (!node) throw new Error('no text ' + marker);
    root.focus();
    const sel = document.getSelection();
    const range = document.createRange();
    range.setStart(node, node.data.length);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
    return node.parentElement.closest('p') || node.parentElement;
  };
`

/** Init script (runs at document start of every page in the context): records one load of a report. */
export function loadProbe(config: LoadProbeConfig): string {
  return `(() => {
  if (!location.hash.startsWith('#/reports/')) return;
  const cfg = ${JSON.stringify(config)};
  ${HELPERS}
  const st = window.__load = { editorAt: null, renderedAt: null, renderedFrameAt: null, mode: null, dom: null, ready: false,
    keydownAt: null, typedAt: null, typedFrameAt: null, error: null };
  const ids = new Set(cfg.ids);
  const last = cfg.markers[cfg.markers.length - 1];
  const countIds = (els, read) => {
    const seen = new Set();
    for (const el of els) { const v = read(el); if (v != null && ids.has(v)) seen.add(v); }
    return seen.size;
  };
  /** Drawn by ProseMirror for a block with an id, and not empty (a node view's React content has mounted). */
  const viewId = (el) => {
    const d = el.pmViewDesc;
    return d && d.dom === el && d.node && el.childElementCount > 0 ? d.node.attrs.id : null;
  };
  const rendered = (root) => {
    const text = root.textContent;
    if (!text.includes(last)) return null;
    for (const m of cfg.markers) if (!text.includes(m)) return null;
    if (countIds(root.querySelectorAll('[data-block-id]'), (el) => el.getAttribute('data-block-id')) === ids.size) return 'data-block-id';
    if (countIds(root.querySelectorAll('[data-block-id],[data-id]'), (el) => el.getAttribute('data-block-id') ?? el.getAttribute('data-id')) === ids.size) return 'data-block-id+data-id';
    if (countIds(root.querySelectorAll('*'), viewId) === ids.size) return 'pmViewDesc';
    return null;
  };
  const check = () => {
    if (st.renderedAt !== null) return;
    const root = editorRoot();
    if (!root) return;
    if (st.editorAt === null) st.editorAt = performance.now();
    const mode = rendered(root);
    if (!mode) return;
    st.renderedAt = performance.now();
    st.mode = mode;
    observer.disconnect();
    st.dom = {
      dataBlockId: root.querySelectorAll('[data-block-id]').length,
      dataId: root.querySelectorAll('[data-id]').length,
      topLevelChildren: root.children.length,
      sectionChildren: Array.from(root.children).reduce((n, c) => n + c.querySelectorAll(':scope > *').length, 0),
    };
    requestAnimationFrame(() => {
      st.renderedFrameAt = performance.now();
      try {
        const target = caretAfter(root, cfg.caretMarker);
        const before = target.textContent;
        window.addEventListener('keydown', () => { if (st.keydownAt === null) st.keydownAt = performance.now(); }, true);
        const typed = new MutationObserver(() => {
          if (st.typedAt !== null || target.textContent === before) return;
          st.typedAt = performance.now();
          typed.disconnect();
          requestAnimationFrame(() => { st.typedFrameAt = performance.now(); });
        });
        typed.observe(target, { subtree: true, characterData: true, childList: true });
        st.ready = true;
      } catch (e) { st.error = String(e && e.stack || e); }
    });
  };
  const observer = new MutationObserver(check);
  const start = () => { observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true }); check(); };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();`
}

/** Page-side record of the typing run (window.__keys). */
export interface KeyRecord {
  /** keydown → text in the DOM (MutationObserver), ms, per keystroke. */
  toDom: number[]
  /** keydown → the next animation frame after that, ms. */
  toFrame: number[]
  /** The same from the event's own timeStamp (when the browser received the input): adds time queued behind other work. */
  toFrameFromEvent: number[]
  /** Long tasks (> 50 ms) on the main thread while typing: count, total and longest, ms. */
  longTasks: { count: number; totalMs: number; maxMs: number }
  /** performance.now() of the first and last keydown. */
  firstKeyAt: number | null
  lastKeyAt: number | null
  keydowns: number
  error: string | null
}

/** Installs the keystroke probe in a loaded page: the caret goes to the end of the text block holding `marker`. */
export function keyProbe(marker: string): string {
  return `(() => {
  ${HELPERS}
  const st = window.__keys = { toDom: [], toFrame: [], toFrameFromEvent: [], longTasks: { count: 0, totalMs: 0, maxMs: 0 }, firstKeyAt: null, lastKeyAt: null, keydowns: 0, error: null };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (st.firstKeyAt === null || e.startTime < st.firstKeyAt || e.startTime > st.lastKeyAt + 500) continue;
        st.longTasks.count++; st.longTasks.totalMs += e.duration; st.longTasks.maxMs = Math.max(st.longTasks.maxMs, e.duration);
      }
    }).observe({ type: 'longtask' });
  } catch (e) { /* no long-task timing in this browser */ }
  try {
    const root = editorRoot();
    let target = caretAfter(root, ${JSON.stringify(marker)});
    const base = target.textContent.length;
    const downs = [];
    const stamps = [];
    let resolved = 0;
    window.addEventListener('keydown', (e) => {
      if (e.key.length !== 1) return;
      const t = performance.now();
      downs.push(t);
      stamps.push(e.timeStamp);
      if (st.firstKeyAt === null) st.firstKeyAt = t;
      st.lastKeyAt = t;
      st.keydowns++;
    }, true);
    const seen = () => {
      if (!target.isConnected) target = textNodeWith(root, ${JSON.stringify(marker)}).parentElement.closest('p');
      const typed = target.textContent.length - base;
      if (typed <= resolved) return;
      const t = performance.now();
      const batch = [];
      for (; resolved < typed && resolved < downs.length; resolved++) { batch.push(resolved); st.toDom.push(t - downs[resolved]); }
      requestAnimationFrame(() => {
        const f = performance.now();
        for (const i of batch) { st.toFrame.push(f - downs[i]); st.toFrameFromEvent.push(f - stamps[i]); }
      });
    };
    new MutationObserver(seen).observe(root, { subtree: true, characterData: true, childList: true });
  } catch (e) { st.error = String(e && e.stack || e); }
})();`
}
