/**
 * The settings column: the essential controls always in view, the rest in
 * collapsible sections, one per group of the field table (Data, Model,
 * Training: `src/config/fields.rs` `Group`), each a `<details>`. Which
 * sections are open is page state: the URL key `open` (`open=data,model`),
 * read and written by www/url-state.js through `parseOpen`/`formatOpen`.
 */
import { FIELDS, NOT_ON_PAGE } from './config.js';
import { buildField } from './controls.js';

/** The URL key (and attribute) listing the open sections. */
export const OPEN_KEY = 'open';

/** The sections, in page order: the groups of the field table. */
export const SECTIONS = /** @type {('data'|'model'|'training')[]} */ (
  [...new Set(FIELDS.map((f) => f.group))]);

/** A section's heading. */
const TITLES = { data: 'Data', model: 'Model', training: 'Training' };

/** The keys shown above the sections, always in view, in this order. */
export const ESSENTIAL_KEYS = ['dataset', 'cell', 'hidden', 'window', 'transform', 'epochs'];

/**
 * Reads the `open` value: section names separated by commas (spaces and case
 * ignored, empty = none).
 * @param {string} raw
 * @returns {{ok: true, value: Set<string>} | {ok: false, message: string}}
 */
export function parseOpen(raw) {
  const names = String(raw).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !(/** @type {string[]} */ (SECTIONS)).includes(n));
  if (bad.length) {
    const shown = bad[0].length > 20 ? `${bad[0].slice(0, 20)}…` : bad[0];
    return { ok: false, message: `${OPEN_KEY}: "${shown}" is not a section (${SECTIONS.join(', ')})` };
  }
  return { ok: true, value: new Set(names) };
}

/**
 * The `open` value for a set of sections, in page order ('' when none is open).
 * @param {Set<string>} open
 */
export function formatOpen(open) {
  return SECTIONS.filter((s) => open.has(s)).join(',');
}

/**
 * The settings column's controls: the essentials, then one `<details>` per
 * section with the group's other fields. `dataExtra` (the data line and
 * preview, upload, paste) is placed by its `data-place` attribute: `essentials`
 * under the essential controls, anything else at the end of the Data section.
 * @param {Document} doc
 * @param {DocumentFragment|HTMLElement} dataExtra
 * @returns {HTMLElement[]}
 */
export function buildSettings(doc, dataExtra) {
  const essentials = doc.createElement('fieldset');
  essentials.className = 'group essentials';
  essentials.dataset.panel = 'essentials';
  const legend = doc.createElement('legend');
  legend.textContent = 'Essentials';
  essentials.append(legend);
  for (const key of ESSENTIAL_KEYS) {
    const f = FIELDS.find((x) => x.key === key);
    if (f) essentials.append(buildField(doc, f));
  }
  const extras = [...dataExtra.children];
  for (const el of extras) if (el.getAttribute('data-place') === 'essentials') essentials.append(el);
  /** @type {HTMLElement[]} */
  const out = [essentials];
  for (const group of SECTIONS) {
    const details = doc.createElement('details');
    details.className = `section group-${group}`;
    details.dataset.section = group;
    details.dataset.panel = group;
    const summary = doc.createElement('summary');
    summary.textContent = TITLES[group];
    const body = doc.createElement('fieldset');
    body.className = 'group';
    const hiddenLegend = doc.createElement('legend');
    hiddenLegend.className = 'visually-hidden';
    hiddenLegend.textContent = `${TITLES[group]} settings`;
    body.append(hiddenLegend);
    for (const f of FIELDS) {
      if (f.group !== group || NOT_ON_PAGE.has(f.key) || ESSENTIAL_KEYS.includes(f.key)) continue;
      body.append(buildField(doc, f));
    }
    if (group === 'data') {
      for (const el of extras) if (el.getAttribute('data-place') !== 'essentials') body.append(el);
    }
    details.append(summary, body);
    out.push(details);
  }
  return out;
}

/**
 * Opens exactly the sections in `open` (the others close).
 * @param {ParentNode} root
 * @param {Set<string>} open
 */
export function showOpenSections(root, open) {
  for (const d of root.querySelectorAll('details[data-section]')) {
    const el = /** @type {HTMLDetailsElement} */ (d);
    const want = open.has(el.dataset.section ?? '');
    if (el.open !== want) el.open = want;
  }
}

/**
 * The sections open in the page now.
 * @param {ParentNode} root
 * @returns {Set<string>}
 */
export function openSections(root) {
  return new Set([...root.querySelectorAll('details[data-section]')]
    .filter((d) => /** @type {HTMLDetailsElement} */ (d).open)
    .map((d) => /** @type {HTMLElement} */ (d).dataset.section ?? ''));
}
