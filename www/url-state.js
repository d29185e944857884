/**
 * Typed page state in the URL hash (`#dataset=co2&cell=gru&hidden=32`).
 *
 * Only values that differ from the defaults are written, so a shared link is
 * short; reading restores defaults for everything absent. Uploaded data is
 * never part of the state. `KEY_hide` flags hide single controls and
 * `hideText` hides the explanatory prose (for tutorial authors).
 */
import { FIELDS, VIEW_FIELDS, FIELD_BY_KEY, HIDE_SUFFIX, parseValue } from './config.js';
import { OPEN_KEY, parseOpen, formatOpen } from './sections.js';

/**
 * @typedef {object} PageState
 * @property {Record<string, any>} config   vocabulary values (every field present)
 * @property {Record<string, any>} view     page-only values (hideText, compact, autoplay)
 * @property {Set<string>} hidden           keys whose control is hidden
 * @property {Set<string>} open             settings sections shown open (URL key `open`, www/sections.js)
 * @property {string[]} problems            what could not be read, and why
 */

/** Default state: every field at its default, nothing hidden. @returns {PageState} */
export function defaultState() {
  /** @type {Record<string, any>} */
  const config = {};
  for (const f of FIELDS) config[f.key] = f.default;
  /** @type {Record<string, any>} */
  const view = {};
  for (const f of VIEW_FIELDS) view[f.key] = f.default;
  return { config, view, hidden: new Set(), open: new Set(), problems: [] };
}

/**
 * Reads state from key/value pairs (a URL hash or element attributes).
 * Unknown keys and bad values are reported in `problems` and leave the default.
 * @param {Iterable<[string, string]>} pairs
 * @returns {PageState}
 */
export function stateFromPairs(pairs) {
  const state = defaultState();
  for (const [rawKey, raw] of pairs) {
    const key = rawKey === 'hidetext' ? 'hideText' : rawKey;
    if (key.endsWith(HIDE_SUFFIX)) {
      const target = key.slice(0, -HIDE_SUFFIX.length);
      if (!FIELD_BY_KEY.has(target) && !EXTRA_HIDEABLE.includes(target)) {
        state.problems.push(`${key}: no control named ${target}`);
        continue;
      }
      const parsed = parseValue({ key, type: 'bool' }, raw);
      if (!parsed.ok) state.problems.push(parsed.message);
      else if (parsed.value) state.hidden.add(target);
      continue;
    }
    if (key === OPEN_KEY) {
      const parsed = parseOpen(raw);
      if (parsed.ok) state.open = parsed.value;
      else state.problems.push(parsed.message);
      continue;
    }
    const field = FIELD_BY_KEY.get(key);
    if (!field) {
      state.problems.push(`${key}: unknown key`);
      continue;
    }
    const parsed = parseValue(field, raw);
    if (!parsed.ok) {
      state.problems.push(parsed.message);
      continue;
    }
    (FIELDS.some((f) => f.key === key) ? state.config : state.view)[key] = parsed.value;
  }
  return state;
}

/** Panels that can be hidden as a whole besides single controls. */
export const EXTRA_HIDEABLE = ['data', 'model', 'training', 'upload', 'paste', 'files', 'share',
  'metrics', 'loss_chart', 'prediction_chart', 'preview', 'controls', 'step', 'reset', 'inspect', 'lessons'];

/**
 * Parses a location hash (with or without the leading `#`).
 * @param {string} hash
 * @returns {PageState}
 */
export function parseHash(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  return stateFromPairs(new URLSearchParams(text).entries());
}

/**
 * Serialises state to a hash string (leading `#`), writing only non-defaults,
 * in the vocabulary's order so equal states give equal strings.
 * @param {PageState} state
 */
export function serializeHash(state) {
  const params = new URLSearchParams();
  for (const f of FIELDS) {
    const v = state.config[f.key];
    if (v !== undefined && v !== f.default) params.set(f.key, String(v));
  }
  for (const f of VIEW_FIELDS) {
    const v = state.view[f.key];
    if (v !== undefined && v !== f.default) params.set(f.key, String(v));
  }
  const open = formatOpen(state.open ?? new Set());
  if (open) params.set(OPEN_KEY, open);
  for (const key of [...state.hidden].sort()) params.set(key + HIDE_SUFFIX, 'true');
  const s = params.toString();
  return s ? `#${s}` : '';
}

/**
 * The link a tutorial author pastes: the page URL (without any old hash) plus
 * the state's hash.
 * @param {string} pageUrl
 * @param {PageState} state
 */
export function shareLink(pageUrl, state) {
  return pageUrl.split('#')[0] + serializeHash(state);
}

/**
 * An HTML snippet embedding the element with the same state as attributes.
 * @param {string} moduleUrl  absolute URL of the element's ES module
 * @param {PageState} state
 */
export function embedSnippet(moduleUrl, state) {
  const attrs = [];
  for (const [k, v] of new URLSearchParams(serializeHash(state).slice(1))) {
    attrs.push(v === 'true' ? k : `${k}="${escapeAttr(v)}"`);
  }
  const open = attrs.length ? `<rnn-playground ${attrs.join(' ')}>` : '<rnn-playground>';
  return `<script type="module" src="${escapeAttr(moduleUrl)}"></script>\n${open}</rnn-playground>`;
}

/**
 * Text safe inside a double-quoted HTML attribute.
 * @param {unknown} s
 */
function escapeAttr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
