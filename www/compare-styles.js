/**
 * The styles of `<rnn-compare>`: the playground's (www/styles.js, uPlot's
 * included) and the comparison's own, as one constructable style sheet that
 * every element adopts. No `<style>` element and no `style` attribute, so the
 * element runs under a strict Content-Security-Policy (`style-src 'self'`).
 */
import { STYLE_TEXT } from './styles.js';

const COMPARE_CSS = `
.runs { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 16px; padding: 0; margin: 4px 0 10px; }
.runs li { display: flex; align-items: center; gap: 6px; font-size: 13px; font-variant-numeric: tabular-nums; min-width: 0; }
.runs .swatch { width: 14px; height: 14px; border-radius: 3px; flex: none; }
.runs .run-label { font-weight: 600; }
.runs .run-status { color: var(--muted); overflow-wrap: anywhere; }
.compare-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; align-items: start; }
@container (max-width: 760px) { .compare-grid { grid-template-columns: minmax(0, 1fr); } }
.compare-grid .wide { grid-column: 1 / -1; }
.chart.empty[data-role=gradient-chart]::after { content: "The gradient flow of each run appears here once it has a model.";
  position: absolute; left: 0; right: 0; top: 45%; text-align: center; color: var(--muted); font-size: 13px; pointer-events: none; }
.layer-toggle { display: flex; gap: 6px; align-items: center; font-size: 13px; margin-top: 4px; }
.layer-toggle input { width: 18px; height: 18px; margin: 0; }
table.metrics tr.best th[scope=row]::after { content: " ★"; color: #047857; }
table.metrics tr[data-row=persistence] { color: #374151; background: #f9fafb; }
@container (max-width: 560px) { table.compare [data-col=val_rmse], table.compare [data-col=epochs] { display: none; }
  table.compare th, table.compare td { padding: 4px 3px; } }
.runs li { flex-wrap: wrap; }
`;

/** @type {CSSStyleSheet|null} */
let sheet = null;

/** The element's style sheet (built once, shared by every `<rnn-compare>` of the document). */
export function compareSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`${STYLE_TEXT}\n${COMPARE_CSS}`);
  }
  return sheet;
}
