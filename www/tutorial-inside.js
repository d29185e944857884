/**
 * "Inside the trained network" beside the LSTM and GRU equations: the
 * playground's own Inside-the-network panel (www/inspect-panel.js), fed with
 * the inspections `<rnn-compare>.inspect()` returns for its runs once they
 * have trained. Each panel lives in a shadow root with the element's styles
 * (www/styles.js: constructable style sheets, no inline styles), and its
 * window picker asks the comparison again for the window picked.
 */
import { InspectPanel } from './inspect-panel.js';
import { fromNested } from './inspect-data.js';
import { adoptStyles } from './styles.js';

/** @type {CSSStyleSheet|null} */
let sheet = null;

/**
 * The panel's own prose speaks of a live panel beside a prediction chart; here the text around it
 * explains the views, so the sheet hides it.
 * @returns {CSSStyleSheet}
 */
function tutorialSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync('.inspect > .prose { display: none; }');
  }
  return sheet;
}

/**
 * One panel per cell name found in `hosts`, filled after each `trained` event of `compare`.
 * @param {HTMLElement & {inspect: (o?: {split?: string, index?: number}) => Promise<any[]>}} compare
 * @param {Record<string, HTMLElement>} hosts  cell name → the element that receives the panel
 * @returns {{panels: Map<string, InspectPanel>, refresh: (pick?: {split: string, index: number}) => Promise<void>}}
 */
export function insideTrained(compare, hosts) {
  /** @type {Map<string, InspectPanel>} */
  const panels = new Map();
  /** @param {{split: string, index: number}} [pick] */
  const refresh = async (pick = { split: 'test', index: -1 }) => {
    const inspections = await compare.inspect(pick);
    for (const insp of inspections) {
      const panel = panels.get(insp.cell);
      if (panel) await panel.show(fromNested(insp));
    }
  };
  for (const [cell, host] of Object.entries(hosts)) {
    const root = host.attachShadow({ mode: 'open' });
    adoptStyles(root);
    if ('adoptedStyleSheets' in root) root.adoptedStyleSheets = [...root.adoptedStyleSheets, tutorialSheet()];
    const box = host.ownerDocument.createElement('div');
    box.className = 'inspect';
    root.append(box);
    const panel = new InspectPanel(box, {
      onPick: (pick) => {
        refresh(pick).catch((err) => panel.showMessage(`Cannot inspect that window: ${err?.message ?? err}`));
      },
    });
    panel.showMessage('Train the comparison above: this fills when it finishes.');
    panels.set(cell, panel);
  }
  compare.addEventListener('trained', () => {
    refresh().catch((err) => {
      for (const panel of panels.values()) panel.showMessage(`Cannot inspect: ${err?.message ?? err}`);
    });
  });
  return { panels, refresh };
}
