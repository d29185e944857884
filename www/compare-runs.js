/**
 * Which runs `<rnn-compare>` trains, as pure functions: the `cells` list
 * (2–4 names or aliases of the vocabulary's cells), the per-run overrides
 * (`hidden="32,64,64"`: one value per cell, for model and training keys) and
 * each run's settings, which are the shared settings (the same attributes as
 * `<rnn-playground>`, read by www/url-state.js) with the run's cell and
 * overrides on top.
 */
import { FIELDS, FIELD_BY_KEY, parseValue } from './config.js';
import { stateFromPairs } from './url-state.js';

/** @typedef {import('./url-state.js').PageState} PageState */

/** The cells compared when the element names none. */
export const DEFAULT_CELLS = Object.freeze(['rnn_tanh', 'lstm', 'gru']);

/** The fewest runs a comparison has. */
export const MIN_RUNS = 2;

/** The most runs a comparison has (one worker each). */
export const MAX_RUNS = 4;

/** The longest prefix of a bad value a message quotes (as the crate's `vocab::QUOTE_CHARS`). */
export const QUOTE_CHARS = 40;

/** Keys a run may override with a comma list: the model and training keys, except the cell itself. */
export const OVERRIDE_KEYS = Object.freeze(FIELDS
  .filter((f) => (f.group === 'model' || f.group === 'training') && f.key !== 'cell')
  .map((f) => f.key));

/**
 * One run of the comparison.
 * @typedef {object} RunSpec
 * @property {number} index                  0-based position in `cells`
 * @property {string} cell                   canonical cell name
 * @property {string} label                  what the charts and the table call it ("LSTM", "GRU · hidden 64")
 * @property {Record<string, any>} overrides the run's own values (keys of OVERRIDE_KEYS)
 * @property {Record<string, any>} config    the full settings of the run
 */

/**
 * What the element's attributes ask for.
 * @typedef {object} ComparePlan
 * @property {PageState} state    the shared settings (the cell there is unused)
 * @property {RunSpec[]} runs     empty when `error` is set
 * @property {string[]} problems  shared values that could not be read (their default is kept)
 * @property {string|null} error  why no comparison can run (bad `cells` or override), or null
 */

/**
 * `text` as quoted in messages: at most QUOTE_CHARS characters, then `…`.
 * @param {string} text
 */
export function shortQuote(text) {
  const chars = [...String(text)];
  return chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}…` : chars.join('');
}

/**
 * Reads the `cells` list: names or aliases of the vocabulary's cells, any case.
 * @param {string} raw
 * @returns {{ok: true, cells: string[]} | {ok: false, message: string}}
 */
export function parseCells(raw) {
  const field = /** @type {import('./config.js').Field} */ (FIELD_BY_KEY.get('cell'));
  const entries = String(raw).split(',').map((s) => s.trim());
  if (entries.length < MIN_RUNS || entries.length > MAX_RUNS) {
    return { ok: false, message: `cells: "${shortQuote(String(raw).trim())}" has ${entries.length} `
      + `${entries.length === 1 ? 'entry' : 'entries'}; <rnn-compare> compares ${MIN_RUNS} to ${MAX_RUNS} cells` };
  }
  /** @type {string[]} */
  const cells = [];
  for (const [i, entry] of entries.entries()) {
    if (entry === '') return { ok: false, message: `cells: entry ${i + 1} is empty` };
    const parsed = parseValue(field, entry);
    if (!parsed.ok) {
      return { ok: false, message: `cells: entry ${i + 1} "${shortQuote(entry)}" is not one of ${(field.choices ?? []).join(', ')}` };
    }
    cells.push(parsed.value);
  }
  return { ok: true, cells };
}

/**
 * Reads one per-run override list (`hidden="32,64,64"`).
 * @param {string} key   one of OVERRIDE_KEYS
 * @param {string} raw
 * @param {number} runs  how many cells there are
 * @returns {{ok: true, values: any[]} | {ok: false, message: string}}
 */
export function parseOverride(key, raw, runs) {
  const field = /** @type {import('./config.js').Field} */ (FIELD_BY_KEY.get(key));
  const entries = String(raw).split(',').map((s) => s.trim());
  if (entries.length !== runs) {
    return { ok: false, message: `${key}: "${shortQuote(String(raw).trim())}" has ${entries.length} values for ${runs} cells; `
      + 'give one value per cell, or one value for all' };
  }
  const values = [];
  for (const [i, entry] of entries.entries()) {
    const parsed = parseValue(field, entry);
    if (!parsed.ok) return { ok: false, message: `${key}: entry ${i + 1}: ${quoteInMessage(parsed.message)}` };
    values.push(parsed.value);
  }
  return { ok: true, values };
}

/**
 * A parse message with its quoted value shortened.
 * @param {string} message
 */
function quoteInMessage(message) {
  return message.replace(/"([^"]*)"/, (_, v) => `"${shortQuote(v)}"`);
}

/**
 * The comparison the attributes name. `cells` (default rnn_tanh,lstm,gru)
 * chooses the runs; a model or training key holding a comma is a per-run
 * list; everything else is shared and read as `<rnn-playground>` reads it.
 * Two runs may have the same cell only if another override tells them apart.
 * @param {Iterable<[string, string]>} pairs  attribute names and values
 * @returns {ComparePlan}
 */
export function planFromAttributes(pairs) {
  let cellsRaw = DEFAULT_CELLS.join(',');
  /** @type {[string, string][]} */
  const shared = [];
  /** @type {[string, string][]} */
  const lists = [];
  /** @type {string[]} */
  const problems = [];
  for (const [name, value] of pairs) {
    if (name === 'cells') cellsRaw = value;
    else if (name === 'cell') problems.push('cell: <rnn-compare> takes cells="…" (2 to 4 cells) and ignores cell');
    else if (OVERRIDE_KEYS.includes(name) && value.includes(',')) lists.push([name, value]);
    else shared.push([name, value]);
  }
  const state = stateFromPairs(shared);
  problems.push(...state.problems);
  /** @param {string} error @returns {ComparePlan} */
  const refused = (error) => ({ state, runs: [], problems, error });
  const cells = parseCells(cellsRaw);
  if (!cells.ok) return refused(cells.message);
  /** @type {Record<string, any[]>} */
  const overrides = {};
  for (const [key, raw] of lists) {
    const parsed = parseOverride(key, raw, cells.cells.length);
    if (!parsed.ok) return refused(parsed.message);
    overrides[key] = parsed.values;
  }
  const runs = cells.cells.map((cell, index) => {
    /** @type {Record<string, any>} */
    const own = {};
    for (const [key, values] of Object.entries(overrides)) own[key] = values[index];
    return { index, cell, label: runLabel(cell, own), overrides: own, config: { ...state.config, ...own, cell } };
  });
  const twin = sameSettings(runs);
  if (twin) {
    const [a, b] = twin;
    return refused(`cells: entries ${a.index + 1} and ${b.index + 1} are both ${a.cell} with the same settings; `
      + 'a repeated cell needs a per-run override that differs (e.g. hidden="32,64")');
  }
  return { state, runs, problems, error: null };
}

/**
 * The first two runs whose settings are equal, if any.
 * @param {RunSpec[]} runs
 * @returns {[RunSpec, RunSpec]|null}
 */
function sameSettings(runs) {
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      if (FIELDS.every((f) => runs[i].config[f.key] === runs[j].config[f.key])) return [runs[i], runs[j]];
    }
  }
  return null;
}

/**
 * What a run is called: the cell's label, then its own values.
 * @param {string} cell
 * @param {Record<string, any>} overrides
 */
export function runLabel(cell, overrides) {
  const field = /** @type {import('./config.js').Field} */ (FIELD_BY_KEY.get('cell'));
  const name = field.choiceLabels?.[cell] ?? cell;
  const own = Object.entries(overrides).map(([k, v]) => `${k} ${v === true ? 'on' : v === false ? 'off' : v}`);
  return own.length ? `${name} · ${own.join(', ')}` : name;
}

/** Each cell's colour, distinct for common colour-vision deficiencies. */
export const CELL_COLORS = Object.freeze({ rnn_tanh: '#dc2626', rnn_relu: '#9333ea', lstm: '#2563eb', gru: '#059669' });

/** Colours for a repeated cell's later runs. */
const SPARE_COLORS = ['#d97706', '#0891b2', '#db2777', '#4b5563'];

/**
 * One colour per run: the cell's own, and a spare one for a cell's repeats.
 * @param {string[]} cells
 * @returns {string[]}
 */
export function runColors(cells) {
  /** @type {Record<string, string>} */
  const byCell = CELL_COLORS;
  const used = new Set();
  const spare = SPARE_COLORS.filter((c) => !Object.values(byCell).includes(c));
  return cells.map((cell) => {
    const own = byCell[cell];
    const color = own && !used.has(own) ? own : (spare.find((c) => !used.has(c)) ?? '#111827');
    used.add(color);
    return color;
  });
}
