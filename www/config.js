/**
 * The shared configuration vocabulary, as typed fields.
 *
 * One table drives the URL hash, the `<rnn-playground>` attributes, the form
 * controls and the config object sent to the wasm `Session.configure`.
 * Names, choices and defaults are the project's shared vocabulary
 * (see notes/BRIEF.md); change them there first.
 */

/** @typedef {'enum'|'int'|'float'|'bool'|'string'} FieldType */

/**
 * @typedef {object} Field
 * @property {string} key        vocabulary key (also URL key and attribute name)
 * @property {'data'|'model'|'training'} group
 * @property {FieldType} type
 * @property {string|number|boolean} default
 * @property {string} label      short human label for the control
 * @property {string[]} [choices] allowed values for enums
 * @property {Record<string,string>} [choiceLabels] readable names for enum values
 * @property {number} [min]
 * @property {number} [max]
 * @property {number} [step]
 * @property {string} [help]     one-line explanation shown next to the control
 */

/** @type {Field[]} */
export const FIELDS = [
  // Data
  { key: 'dataset', group: 'data', type: 'enum', default: 'sp500', label: 'Dataset',
    choices: ['sp500', 'co2', 'seattle', 'stocks', 'sine', 'random_walk', 'ramp'],
    choiceLabels: { sp500: 'S&P 500 daily', co2: 'CO2 (Mauna Loa)', seattle: 'Seattle temperature',
      stocks: 'Stocks', sine: 'Synthetic: sine', random_walk: 'Synthetic: random walk', ramp: 'Synthetic: ramp' } },
  { key: 'symbol', group: 'data', type: 'string', default: '', label: 'Symbol',
    help: 'Ticker for the stocks dataset' },
  { key: 'column', group: 'data', type: 'string', default: '', label: 'Column',
    help: 'Value column of the data (empty: the first numeric column)' },
  { key: 'missing', group: 'data', type: 'enum', default: 'error', label: 'Missing values',
    choices: ['error', 'drop', 'ffill'],
    choiceLabels: { error: 'Report an error', drop: 'Drop the row', ffill: 'Forward fill' } },
  { key: 'transform', group: 'data', type: 'enum', default: 'none', label: 'Transform',
    choices: ['none', 'diff', 'logret'],
    choiceLabels: { none: 'None', diff: 'Differences', logret: 'Log returns' } },
  { key: 'scaler', group: 'data', type: 'enum', default: 'minmax', label: 'Scaler',
    choices: ['minmax', 'zscore'], choiceLabels: { minmax: 'Min-max', zscore: 'Z-score' } },
  { key: 'train_frac', group: 'data', type: 'float', default: 0.7, label: 'Train fraction', min: 0.05, max: 0.95, step: 0.05 },
  { key: 'val_frac', group: 'data', type: 'float', default: 0.15, label: 'Validation fraction', min: 0, max: 0.9, step: 0.05 },
  { key: 'window', group: 'data', type: 'int', default: 10, label: 'Window', min: 1, max: 1000, step: 1,
    help: 'Past steps the model sees' },
  { key: 'horizon', group: 'data', type: 'int', default: 1, label: 'Horizon', min: 1, max: 365, step: 1,
    help: 'Steps ahead to predict' },
  { key: 'stride', group: 'data', type: 'int', default: 1, label: 'Stride', min: 1, max: 100, step: 1 },
  { key: 'period', group: 'data', type: 'int', default: 0, label: 'Season length', min: 0, max: 10000, step: 1,
    help: 'For the seasonal-naive baseline; 0 = from the data' },
  // Model
  { key: 'cell', group: 'model', type: 'enum', default: 'lstm', label: 'Cell',
    choices: ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'],
    choiceLabels: { lstm: 'LSTM', gru: 'GRU', rnn_tanh: 'RNN (tanh)', rnn_relu: 'RNN (ReLU)' } },
  { key: 'layers', group: 'model', type: 'int', default: 1, label: 'Layers', min: 1, max: 8, step: 1 },
  { key: 'hidden', group: 'model', type: 'int', default: 50, label: 'Hidden size', min: 1, max: 1024, step: 1 },
  { key: 'bidirectional', group: 'model', type: 'bool', default: false, label: 'Bidirectional' },
  { key: 'dropout', group: 'model', type: 'float', default: 0, label: 'Dropout', min: 0, max: 0.9, step: 0.05,
    help: 'Between stacked layers' },
  // Training
  { key: 'epochs', group: 'training', type: 'int', default: 50, label: 'Epochs', min: 1, max: 10000, step: 1 },
  { key: 'batch', group: 'training', type: 'int', default: 32, label: 'Batch size', min: 1, max: 4096, step: 1 },
  { key: 'optimizer', group: 'training', type: 'enum', default: 'adam', label: 'Optimizer',
    choices: ['adam', 'adamw', 'sgd', 'rmsprop'],
    choiceLabels: { adam: 'Adam', adamw: 'AdamW', sgd: 'SGD', rmsprop: 'RMSprop' } },
  { key: 'lr', group: 'training', type: 'float', default: 0.01, label: 'Learning rate', min: 0, max: 10, step: 0.0001 },
  { key: 'weight_decay', group: 'training', type: 'float', default: 0, label: 'Weight decay', min: 0, max: 1, step: 0.0001 },
  { key: 'momentum', group: 'training', type: 'float', default: 0, label: 'Momentum', min: 0, max: 0.999, step: 0.05 },
  { key: 'schedule', group: 'training', type: 'enum', default: 'none', label: 'LR schedule',
    choices: ['none', 'step', 'exp', 'cosine', 'plateau'],
    choiceLabels: { none: 'Constant', step: 'Step decay', exp: 'Exponential', cosine: 'Cosine', plateau: 'Reduce on plateau' } },
  { key: 'clip', group: 'training', type: 'float', default: 1.0, label: 'Gradient clip', min: 0, max: 100, step: 0.1,
    help: 'Global norm; 0 = off' },
  { key: 'patience', group: 'training', type: 'int', default: 10, label: 'Early stopping patience', min: 0, max: 10000, step: 1,
    help: 'Epochs without validation improvement; 0 = off' },
  { key: 'loss', group: 'training', type: 'enum', default: 'mse', label: 'Loss',
    choices: ['mse', 'mae', 'huber'], choiceLabels: { mse: 'MSE', mae: 'MAE', huber: 'Huber' } },
  { key: 'shuffle', group: 'training', type: 'bool', default: false, label: 'Shuffle training windows' },
  { key: 'seed', group: 'training', type: 'int', default: 42, label: 'Seed', min: 0, max: 4294967295, step: 1 },
  { key: 'steps', group: 'training', type: 'int', default: 10, label: 'Forecast steps', min: 1, max: 1000, step: 1,
    help: 'Recursive forecast past the end of the series' },
];

/** Keys whose change means loading the data again (not only a new model). */
export const DATA_KEYS = ['dataset', 'symbol', 'column', 'missing'];

/** Page-only keys that live in the URL and attributes but are not sent to the session. */
export const VIEW_FIELDS = [
  { key: 'hideText', type: 'bool', default: false, label: 'Hide explanatory text' },
  { key: 'compact', type: 'bool', default: false, label: 'Compact layout' },
  { key: 'autoplay', type: 'bool', default: false, label: 'Train on load' },
];

/** Field lookup by key (model/data/training fields and view fields). */
export const FIELD_BY_KEY = new Map([...FIELDS, ...VIEW_FIELDS].map((f) => [f.key, f]));

/** Suffix of the per-control hide flags (`cell_hide=true` hides the cell control). */
export const HIDE_SUFFIX = '_hide';

/** A fresh object holding every field's default value. */
export function defaults() {
  const out = {};
  for (const f of FIELDS) out[f.key] = f.default;
  return out;
}

/**
 * Parses one raw string as the field's type.
 * @param {Field} field
 * @param {string} raw
 * @returns {{ok: true, value: any} | {ok: false, message: string}}
 */
export function parseValue(field, raw) {
  const s = String(raw).trim();
  switch (field.type) {
    case 'enum':
      if (field.choices.includes(s)) return { ok: true, value: s };
      return { ok: false, message: `${field.key}: "${s}" is not one of ${field.choices.join(', ')}` };
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
      if (s === '' || s === 'true' || s === '1' || s === field.key) return { ok: true, value: true };
      if (s === 'false' || s === '0') return { ok: true, value: false };
      return { ok: false, message: `${field.key}: "${s}" is not true or false` };
    default:
      return { ok: true, value: s };
  }
}

function checkRange(field, v) {
  if (field.min !== undefined && v < field.min) return { ok: false, message: `${field.key}: ${v} is below ${field.min}` };
  if (field.max !== undefined && v > field.max) return { ok: false, message: `${field.key}: ${v} is above ${field.max}` };
  return { ok: true, value: v };
}

/**
 * The config object for `Session.configure`: vocabulary keys only (the Rust
 * side denies unknown keys); the optional `symbol` and `column` are left out
 * when empty, and a numeric column is sent as an index.
 * @param {Record<string, any>} config
 */
export function toSessionConfig(config) {
  const out = {};
  for (const f of FIELDS) {
    const v = config[f.key] ?? f.default;
    if ((f.key === 'symbol' || f.key === 'column') && v === '') continue;
    out[f.key] = f.key === 'column' && /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}
