/**
 * The text task's styles (`<rnn-playground task="text">`), adopted into the shadow root after
 * the element's own (www/styles.js) as a constructed stylesheet, which `style-src 'self'` allows.
 * The unit view's colours are the classes `act-0` … `act-10`: a diverging blue–white–red scale
 * from −1 to +1, readable for the common colour-vision deficiencies. `task-hidden` hides the
 * view of the task an element is not showing (www/text-task.js).
 */

/** The diverging scale, −1 … +1 (11 steps). */
export const ACTIVATION_COLORS = ['#2166ac', '#4393c3', '#92c5de', '#c6dbef', '#e7eff7', '#ffffff',
  '#fbe3d6', '#fdc9b0', '#f4a582', '#d6604d', '#b2182b'];

const css = `
.text-app .text-grid { display: grid; grid-template-columns: minmax(260px, 340px) minmax(0, 1fr); gap: 16px; align-items: start; }
@container (max-width: 760px) { .text-app .text-grid { grid-template-columns: 1fr; } }
.text-app fieldset { border: 1px solid var(--border); border-radius: 8px; padding: 8px 10px; margin: 0 0 10px; }
.text-app legend { font-weight: 600; padding: 0 4px; }
.text-app label.row { display: flex; justify-content: space-between; gap: 8px; align-items: center; margin: 4px 0; }
.text-app label.row input, .text-app label.row select { width: 9em; font: inherit; }
.text-app textarea { width: 100%; font: 13px ui-monospace, monospace; min-height: 6em; resize: vertical; }
.text-app .drop.dragging textarea { outline: 2px dashed var(--accent); }
.text-app .summary { font-size: 13px; color: #374151; white-space: pre-line; }
.text-app .samples { list-style: none; padding: 0; margin: 0; max-height: 360px; overflow-y: auto; }
.text-app .samples li { border-bottom: 1px solid #e5e7eb; padding: 4px 0; }
.text-app .sample-caption { font-size: 12px; color: var(--muted); }
.text-app pre { white-space: pre-wrap; word-break: break-word; margin: 2px 0; font: 13px/1.4 ui-monospace, monospace; }
.text-app .generated { background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 8px; min-height: 3em; }
.text-app .gen-controls { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
.text-app .gen-controls input[type=text] { width: 14em; font: inherit; }
.text-app .gen-controls input[type=number] { width: 6em; font: inherit; }
.text-app .passage { font: 14px/1.6 ui-monospace, monospace; white-space: pre-wrap; word-break: break-word;
  border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 8px; max-height: 320px; overflow-y: auto; }
.text-app .passage span { cursor: default; }
.text-app .readout { font: 13px ui-monospace, monospace; color: #111827; min-height: 1.5em; }
.text-app .scale { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; color: var(--muted); }
.text-app .scale i { display: inline-block; width: 14px; height: 12px; }
.text-app .metrics-line { font-variant-numeric: tabular-nums; font-size: 13px; }
${ACTIVATION_COLORS.map((c, i) => `.text-app .act-${i} { background: ${c}; }`).join('\n')}
.text-app .act-0, .text-app .act-1, .text-app .act-9, .text-app .act-10 { color: #fff; }
.task-hidden { display: none !important; }
`;

/** @type {CSSStyleSheet|null} */
let shared = null;

/**
 * Adds the text task's sheet to `root` (once per root).
 * @param {ShadowRoot} root
 */
export function adoptTextStyles(root) {
  if (!('adoptedStyleSheets' in root) || typeof CSSStyleSheet.prototype.replaceSync !== 'function') return;
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(css);
  }
  if (!root.adoptedStyleSheets.includes(shared)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
}
