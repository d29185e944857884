/**
 * The shared configuration vocabulary, as typed fields.
 *
 * One table drives the URL hash, the `<rnn-playground>` attributes, the form
 * controls and the config object sent to the wasm `Session.configure`. The
 * table itself is written once, in Rust (`src/config/fields.rs`); this module
 * reads the generated copy (`vocabulary.generated.js`, checked against the
 * crate by `tests/vocabulary.rs`) and adds only the page's own view flags.
 */

import { VOCABULARY } from './vocabulary.generated.js';

/** @typedef {'enum'|'int'|'float'|'bool'|'string'} FieldType */

/**
 * One field as the crate exports it.
 * @typedef {object} VocabularyField
 * @property {string} key
 * @property {'data'|'model'|'training'} group
 * @property {'choice'|'int'|'float'|'bool'|'text'|'list'} type
 * @property {string|number|boolean} default
 * @property {string} label
 * @property {string} [help]
 * @property {boolean} reloads_data
 * @property {boolean} [page_only]  a key of the page only (`task`), in no session's configuration
 * @property {number} [step]
 * @property {{name: string, label: string, aliases: string[]}[]} [options]
 * @property {number} [min]
 * @property {number} [max]
 * @property {boolean} [min_open]
 * @property {boolean} [max_open]
 */

/**
 * One built-in dataset of the crate's catalogue.
 * @typedef {object} VocabularyDataset
 * @property {string} name
 * @property {string} label
 * @property {string} description
 * @property {string|null} file   its CSV file, for a real series
 * @property {number|null} season
 * @property {string} frequency
 * @property {string} column     the default value column
 * @property {string[]} columns  every numeric column (the value column and possible features)
 */

/**
 * What the crate exports (`rnn_playground::config::vocabulary`).
 * @typedef {{fields: VocabularyField[], datasets: VocabularyDataset[]}} Vocabulary
 */

/**
 * @typedef {object} Field
 * @property {string} key        vocabulary key (also URL key and attribute name)
 * @property {'data'|'model'|'training'|'view'} group
 * @property {FieldType} type
 * @property {string|number|boolean} default
 * @property {string} label      short human label for the control
 * @property {string[]} [choices] allowed values for enums (canonical names)
 * @property {Record<string,string>} [choiceLabels] readable names for enum values
 * @property {Record<string,string>} [aliases] other accepted spellings (lower case) → canonical name
 * @property {number} [min]
 * @property {number} [max]
 * @property {boolean} [minOpen]  the bound `min` itself is refused
 * @property {boolean} [maxOpen]  the bound `max` itself is refused
 * @property {number} [step]
 * @property {string} [help]     one-line explanation shown next to the control
 */

/**
 * What reading a value needs of a field: its key and type, and the rest where it has them
 * (the page-only view flags have no group or bounds).
 * @typedef {Pick<Field, 'key'|'type'> & Partial<Field>} FieldSpec
 */

// A list (`features`) travels as one comma-separated string: URL key, attribute and control.
const TYPE_OF = { choice: 'enum', int: 'int', float: 'float', bool: 'bool', text: 'string', list: 'string' };

/**
 * The page's form of one exported field.
 * @param {VocabularyField} f
 * @returns {Field}
 */
function fromVocabulary(f) {
  /** @type {Field} */
  const field = { key: f.key, group: f.group, type: /** @type {FieldType} */ (TYPE_OF[f.type]), default: f.default, label: f.label };
  if (f.options) {
    field.choices = f.options.map((o) => o.name);
    field.choiceLabels = Object.fromEntries(f.options.map((o) => [o.name, o.label]));
    field.aliases = Object.fromEntries(f.options.flatMap((o) => o.aliases.map((a) => [a.toLowerCase(), o.name])));
  }
  if (f.min !== undefined) field.min = f.min;
  if (f.max !== undefined) field.max = f.max;
  if (f.min_open) field.minOpen = true;
  if (f.max_open) field.maxOpen = true;
  if (f.step !== undefined) field.step = f.step;
  if (f.help) field.help = f.help;
  return field;
}

/** @type {Field[]} the keys of a session's configuration */
export const FIELDS = VOCABULARY.fields.filter((f) => !f.page_only).map(fromVocabulary);

/** The built-in datasets, in display order (the crate's catalogue). */
export const DATASETS = VOCABULARY.datasets;

/** Keys whose change means loading the data again (not only a new model). */
export const DATA_KEYS = VOCABULARY.fields.filter((f) => f.reloads_data).map((f) => f.key);

/**
 * Page-only keys that live in the URL and attributes but are not sent to the session: the
 * view flags, and the field table's page-only keys (`task`: series or text, www/text-task.js).
 * @type {(Pick<Field, 'key'|'type'|'default'|'label'> & Partial<Field>)[]}
 */
export const VIEW_FIELDS = [
  { key: 'hideText', type: 'bool', default: false, label: 'Hide explanatory text' },
  { key: 'compact', type: 'bool', default: false, label: 'Compact layout' },
  { key: 'autoplay', type: 'bool', default: false, label: 'Train on load' },
  ...VOCABULARY.fields.filter((f) => f.page_only).map(fromVocabulary),
];

/**
 * Keys of the field table that the page has no control for (they still parse from the URL and
 * attributes). None at present: the backtest keys got their controls in the Training section
 * with the Backtest button (www/backtest-run.js).
 */
/** @type {ReadonlySet<string>} */
export const NOT_ON_PAGE = new Set();

/** Field lookup by key (model/data/training fields and view fields). */
export const FIELD_BY_KEY = new Map([...FIELDS, ...VIEW_FIELDS].map((f) => [f.key, f]));

/** Suffix of the per-control hide flags (`cell_hide=true` hides the cell control). */
export const HIDE_SUFFIX = '_hide';

/** A fresh object holding every field's default value. */
export function defaults() {
  /** @type {Record<string, string|number|boolean>} */
  const out = {};
  for (const f of FIELDS) out[f.key] = f.default;
  return out;
}

/**
 * Parses one raw string as the field's type (a boolean attribute may also repeat
 * its own name, in any case: `hidetext="hidetext"`).
 * @param {FieldSpec} field
 * @param {string} raw
 * @returns {{ok: true, value: any} | {ok: false, message: string}}
 */
export function parseValue(field, raw) {
  const s = String(raw).trim();
  switch (field.type) {
    case 'enum': {
      const lower = s.toLowerCase();
      const choices = field.choices ?? [];
      const name = choices.find((c) => c === lower) ?? field.aliases?.[lower];
      if (name !== undefined) return { ok: true, value: name };
      return { ok: false, message: `${field.key}: "${s}" is not one of ${choices.join(', ')}` };
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(s)) return { ok: false, message: `${field.key}: "${s}" is not a whole number` };
      return checkRange(field, Number(s));
    }
    case 'float': {
      const v = Number(s);
      if (s === '' || !Number.isFinite(v)) return { ok: false, message: `${field.key}: "${s}" is not a number` };
      return checkRange(field, v);
    }
    case 'bool':
      if (s === '' || s === 'true' || s === '1' || s.toLowerCase() === field.key.toLowerCase()) return { ok: true, value: true };
      if (s === 'false' || s === '0') return { ok: true, value: false };
      return { ok: false, message: `${field.key}: "${s}" is not true or false` };
    default:
      return { ok: true, value: s };
  }
}

/**
 * Checks a number against the field's bounds (an open bound refuses the bound itself).
 * @param {FieldSpec} field
 * @param {number} v
 * @returns {{ok: true, value: number} | {ok: false, message: string}}
 */
function checkRange(field, v) {
  if (field.min !== undefined && (v < field.min || (field.minOpen && v === field.min))) {
    return { ok: false, message: field.minOpen ? `${field.key}: ${v} must be above ${field.min}` : `${field.key}: ${v} is below ${field.min}` };
  }
  if (field.max !== undefined && (v > field.max || (field.maxOpen && v === field.max))) {
    return { ok: false, message: field.maxOpen ? `${field.key}: ${v} must be below ${field.max}` : `${field.key}: ${v} is above ${field.max}` };
  }
  return { ok: true, value: v };
}

/**
 * The config object for `Session.configure`: vocabulary keys only (the Rust
 * side denies unknown keys); the optional `symbol` and `column` are left out
 * when empty, and a numeric column is sent as an index.
 * @param {Record<string, any>} config
 */
export function toSessionConfig(config) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const f of FIELDS) {
    const v = config[f.key] ?? f.default;
    if (f.type === 'string' && v === '') continue;
    out[f.key] = f.key === 'column' && /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}
