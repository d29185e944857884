/**
 * The CSS of the "Inside the network" panel and its heatmaps, for whatever
 * shadow root or stylesheet shows them (www/styles.js adds it to the
 * element's). Positions that depend on the data are set through the CSSOM by
 * the views, never by `style` attributes, so a strict `style-src 'self'` CSP
 * holds.
 */
export const INSPECT_CSS = `
.inspect details > summary { font-size: 1rem; }
.inspect-picker { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 6px 0; }
.inspect-picker label { display: inline-flex; gap: 6px; align-items: center; }
.inspect-picker [hidden], .heatmap [hidden] { display: none; }
.inspect-picker input[type=number] { width: 6.5em; }
.inspect-picker select { width: auto; }
.inspect-picker button { min-height: 32px; padding: 2px 10px; }
.inspect-status { font-size: 13px; font-variant-numeric: tabular-nums; color: #374151; margin: 4px 0 8px; overflow-wrap: anywhere; }
.inspect-charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
@container (max-width: 760px) { .inspect-charts { grid-template-columns: minmax(0, 1fr); } }
.inspect-heatmaps { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-top: 10px; }
.heatmap { margin: 0; min-width: 0; }
.heatmap-title { font-size: 13px; font-weight: 600; margin-bottom: 2px; }
.heatmap-image { position: relative; line-height: 0; }
.heatmap-canvas { display: block; width: 100%; image-rendering: pixelated; border: 1px solid var(--border, #d1d5db);
  cursor: crosshair; touch-action: none; }
.heatmap-mark { position: absolute; outline: 2px solid #111827; pointer-events: none; }
.heatmap-tip { position: absolute; z-index: 20; pointer-events: none; line-height: 1.35; font-size: 12px;
  font-variant-numeric: tabular-nums; background: #111827; color: #fff; padding: 4px 7px; border-radius: 4px;
  white-space: pre; }
.heatmap-axis { font-size: 11px; margin-top: 2px; }
.heatmap-legend { margin-top: 4px; }
.heatmap-legend-bar { display: block; width: 100%; height: 8px; image-rendering: pixelated; }
.heatmap-legend-ticks { position: relative; height: 14px; font-size: 11px; color: var(--muted, #6b7280); }
.heatmap-legend-ticks span { position: absolute; top: 0; transform: translateX(-50%); white-space: nowrap; }
.heatmap-legend-ticks span:first-child { transform: none; }
.heatmap-legend-ticks span:last-child { transform: translateX(-100%); }
`;
