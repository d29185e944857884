/**
 * The element's styles, adopted into its shadow root (with uPlot's own CSS),
 * so the host page's CSS neither leaks in nor is touched. They go in as a
 * constructed stylesheet, which a strict `style-src 'self'` CSP allows (an
 * inline `<style>` it would refuse).
 */
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { INSPECT_CSS } from './inspect-styles.js';

const css = `
:host { display: block; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2937; background: #fff; --accent: #2563eb; --border: #d1d5db; --muted: #6b7280;
  container-type: inline-size; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.app { padding: 12px; max-width: 1400px; margin: 0 auto; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; }
h1 { font-size: 1.3rem; margin: 0; }
h2 { font-size: 1rem; margin: 0 0 6px; }
.badge { font: 12px ui-monospace, monospace; padding: 2px 6px; border-radius: 4px; background: #eef2ff; color: #3730a3; }
.badge.warn { background: #fef3c7; color: #92400e; }
.prose { color: #374151; margin: 4px 0 8px; max-width: 75ch; }
:host([hidetext]) .prose, .hide-text .prose { display: none !important; }
.muted { color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0;
  position: sticky; top: 0; background: #fff; padding: 6px 0; z-index: 5; border-bottom: 1px solid #f3f4f6; }
button, .button { font: inherit; padding: 6px 12px; border: 1px solid var(--border); border-radius: 6px;
  background: #f9fafb; color: inherit; cursor: pointer; min-height: 36px; }
button:hover:not(:disabled) { background: #f3f4f6; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; min-width: 80px; }
button.primary:hover:not(:disabled) { background: #1d4ed8; }
button:disabled { opacity: .5; cursor: not-allowed; }
:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
.status { font-variant-numeric: tabular-nums; color: #374151; flex: 1 1 220px; min-width: 0; }
.error { border: 1px solid #fca5a5; background: #fef2f2; color: #991b1b; border-radius: 6px; padding: 8px 10px;
  margin: 8px 0; display: flex; gap: 8px; align-items: flex-start; white-space: pre-wrap; overflow-wrap: anywhere; }
.error[hidden], .notice[hidden] { display: none; }
.error .msg { flex: 1; }
.error button { min-height: 28px; padding: 2px 8px; }
.notice { white-space: pre-line; border: 1px solid #93c5fd; background: #eff6ff; color: #1e3a8a; border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.layout { display: grid; grid-template-columns: minmax(260px, 340px) minmax(0, 1fr); gap: 16px; align-items: start; }
@container (max-width: 760px) { .layout { grid-template-columns: minmax(0, 1fr); }
  .layout > .settings { display: contents; } .layout .essentials { order: -2; } .results { order: -1; } }
.compact .layout { grid-template-columns: minmax(0, 1fr); }
.compact .settings, .compact header .prose { display: none; }
.settings { display: flex; flex-direction: column; gap: 10px; min-width: 0; }
fieldset, section.panel { border: 1px solid var(--border); border-radius: 8px; padding: 8px 10px 10px; margin: 0; min-width: 0; }
legend { font-weight: 600; padding: 0 4px; }
.field { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2px 8px; align-items: center; margin: 5px 0; }
.field label { overflow-wrap: anywhere; }
.field-bool { display: flex; gap: 8px; }
.field-bool input { width: 18px; height: 18px; margin: 0; }
.field .help { grid-column: 1 / -1; color: var(--muted); font-size: 12px; }
input[type=number], input[type=text], select, textarea { font: inherit; width: 100%; min-width: 0; padding: 4px 6px;
  border: 1px solid var(--border); border-radius: 4px; background: #fff; color: inherit; min-height: 32px; }
[aria-invalid=true] { border-color: #dc2626; background: #fef2f2; }
textarea { min-height: 70px; font: 12px ui-monospace, monospace; resize: vertical; }
.drop { border: 2px dashed var(--border); border-radius: 8px; padding: 8px; margin-top: 8px; }
.app.dragging { outline: 3px dashed var(--accent); outline-offset: -3px; background: #f8fbff; }
.row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
.source { font-size: 13px; color: #374151; overflow-wrap: anywhere; margin-top: 6px; }
.source strong { display: block; font-weight: 600; }
.source small { display: block; }
.data-warnings { color: #92400e; }
.results { min-width: 0; display: flex; flex-direction: column; gap: 12px; }
.chart { min-width: 0; width: 100%; position: relative; }
.chart.empty[data-role=loss-chart]::after { content: "The training and validation loss appear here once training starts.";
  position: absolute; left: 0; right: 0; top: 45%; text-align: center; color: var(--muted); font-size: 13px; pointer-events: none; }
.chart-tools { display: flex; gap: 4px; flex-wrap: wrap; }
.chart-tools button { min-height: 30px; padding: 2px 10px; }
.metrics-wrap { overflow-x: auto; }
table.metrics { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
table.metrics caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 4px; }
table.metrics th, table.metrics td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: right; white-space: nowrap; }
table.metrics th[scope=row] { text-align: left; font-weight: 500; }
table.metrics tr[data-row=model] { background: #f8fafc; font-weight: 600; }
@container (max-width: 560px) { table.metrics [data-col=test_mae], table.metrics [data-col=test_smape] { display: none; } }
table.backtest tr[data-row=mean] { background: #f8fafc; font-weight: 600; }
@container (max-width: 560px) { table.backtest [data-col=rmse], table.backtest [data-col=mae] { display: none; } }
td.good { color: #047857; } td.bad { color: #b91c1c; }
ul.warnings { list-style: none; padding: 8px 10px; margin: 0 0 8px; background: #fffbeb; border: 1px solid #fcd34d;
  border-radius: 6px; color: #78350f; }
ul.warnings li + li { margin-top: 4px; }
details summary { cursor: pointer; font-weight: 600; }
details.section { border: 1px solid var(--border); border-radius: 8px; padding: 0; min-width: 0; }
details.section > summary { padding: 8px 10px; min-height: 36px; }
details.section[open] > summary { border-bottom: 1px solid #f3f4f6; }
details.section > fieldset { border: 0; border-radius: 0; }
fieldset.essentials { border-color: #93c5fd; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.lessons { display: flex; align-items: center; gap: 6px; margin-left: auto; min-width: 0; max-width: 100%; }
.lessons select { flex: 0 1 auto; width: auto; min-width: 0; }
.field .hint { color: #1e40af; }
.result-sentence { margin: 0 0 6px; padding: 6px 10px; border-radius: 6px; border-left: 4px solid var(--border); background: #f9fafb; }
.result-sentence[data-tone=win] { border-left-color: #059669; background: #ecfdf5; }
.result-sentence[data-tone=tie] { border-left-color: #6b7280; }
.result-sentence[data-tone=loss] { border-left-color: #dc2626; background: #fef2f2; }
.best-epoch { margin: 0 0 6px; font-size: 13px; }
.share-hide { columns: 2 140px; font-size: 13px; margin: 6px 0; }
.share-hide label { display: block; }
[data-hidden-by-state] { display: none !important; }
.u-legend { font-size: 12px; }
.u-title { font-size: 13px !important; font-weight: 600 !important; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

/** The CSS text for one shadow root. */
export const STYLE_TEXT = `${uplotCss}\n${css}\n${INSPECT_CSS}`;

/** @type {CSSStyleSheet|null} one sheet shared by every element of the page */
let shared = null;

/**
 * Gives `root` the element's styles: the shared constructed stylesheet, or a
 * `<style>` element where constructed stylesheets are missing.
 * @param {ShadowRoot} root
 */
export function adoptStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(STYLE_TEXT);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
    return;
  }
  const sheet = root.ownerDocument.createElement('style');
  sheet.textContent = STYLE_TEXT;
  root.append(sheet);
}
