/**
 * Form controls generated from the vocabulary table (www/config.js): one
 * labelled, keyboard-operable control per field, grouped in fieldsets.
 */
import { FIELDS, NOT_ON_PAGE, parseValue } from './config.js';

const GROUP_TITLES = { data: 'Data', model: 'Model', training: 'Training' };

/**
 * Builds the fieldset of one group.
 * @param {Document} doc
 * @param {'data'|'model'|'training'} group
 * @param {string} idPrefix  unique per element instance (ids are per shadow root, but keep them readable)
 * @returns {HTMLFieldSetElement}
 */
export function buildGroup(doc, group, idPrefix = 'f') {
  const fs = doc.createElement('fieldset');
  fs.className = `group group-${group}`;
  fs.dataset.panel = group;
  const legend = doc.createElement('legend');
  legend.textContent = GROUP_TITLES[group];
  fs.append(legend);
  for (const f of FIELDS.filter((x) => x.group === group && !NOT_ON_PAGE.has(x.key))) fs.append(buildField(doc, f, idPrefix));
  return fs;
}

/**
 * One labelled control wrapped in `<div class="field" data-key=…>`.
 * @param {Document} doc
 * @param {import('./config.js').Field} f
 * @param {string} [idPrefix]
 */
export function buildField(doc, f, idPrefix = 'f') {
  const wrap = doc.createElement('div');
  wrap.className = `field field-${f.type}`;
  wrap.dataset.key = f.key;
  const id = `${idPrefix}-${f.key}`;
  let input;
  if (f.type === 'enum' || f.key === 'column') {
    input = doc.createElement('select');
    for (const c of f.choices ?? ['']) {
      const o = doc.createElement('option');
      o.value = c;
      o.textContent = f.choiceLabels?.[c] ?? (c === '' ? 'automatic' : c);
      input.append(o);
    }
  } else {
    input = doc.createElement('input');
    if (f.type === 'bool') input.type = 'checkbox';
    else if (f.type === 'string') input.type = 'text';
    else {
      input.type = 'number';
      if (f.min !== undefined) input.min = String(f.min);
      if (f.max !== undefined) input.max = String(f.max);
      input.step = f.type === 'int' ? String(f.step ?? 1) : 'any';
      input.inputMode = f.type === 'int' ? 'numeric' : 'decimal';
    }
  }
  input.id = id;
  input.name = f.key;
  const label = doc.createElement('label');
  label.htmlFor = id;
  label.textContent = f.label;
  if (f.type === 'bool') wrap.append(input, label);
  else wrap.append(label, input);
  if (f.help) {
    const help = doc.createElement('small');
    help.className = 'help prose';
    help.id = `${id}-help`;
    help.textContent = f.help;
    input.setAttribute('aria-describedby', help.id);
    wrap.append(help);
  }
  return wrap;
}

/**
 * Writes values into the controls under `root`.
 * @param {ParentNode} root
 * @param {Record<string, any>} config
 */
export function writeControls(root, config) {
  for (const f of FIELDS) {
    const input = root.querySelector(`[name="${f.key}"]`);
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement)) continue;
    const v = config[f.key];
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = !!v;
    else {
      if (input instanceof HTMLSelectElement && ![...input.options].some((o) => o.value === String(v))) {
        const o = input.ownerDocument.createElement('option');
        o.value = String(v);
        o.textContent = String(v);
        input.append(o);
      }
      input.value = String(v);
    }
    input.removeAttribute('aria-invalid');
  }
}

/**
 * Reads one control; returns the typed value, or an error message.
 * @param {HTMLInputElement|HTMLSelectElement} input
 * @returns {{ok: true, key: string, value: any} | {ok: false, key: string, message: string}}
 */
export function readControl(input) {
  const f = FIELDS.find((x) => x.key === input.name);
  if (!f) return { ok: false, key: input.name, message: `${input.name}: unknown control` };
  if (f.type === 'bool') return { ok: true, key: f.key, value: input instanceof HTMLInputElement && input.checked };
  if (f.key === 'column') return { ok: true, key: f.key, value: input.value }; // any header name, or an index
  const parsed = parseValue(f, input.value);
  return parsed.ok ? { ok: true, key: f.key, value: parsed.value } : { ok: false, key: f.key, message: parsed.message };
}

/**
 * Fills the column picker with the data's columns.
 * @param {ParentNode} root
 * @param {string[]} columns
 * @param {string} selected
 */
export function setColumnChoices(root, columns, selected) {
  const select = root.querySelector('select[name="column"]');
  if (!(select instanceof HTMLSelectElement)) return;
  const doc = select.ownerDocument;
  select.replaceChildren();
  const auto = doc.createElement('option');
  auto.value = '';
  auto.textContent = 'automatic';
  select.append(auto);
  for (const c of columns) {
    const o = doc.createElement('option');
    o.value = c;
    o.textContent = c;
    select.append(o);
  }
  select.value = columns.includes(selected) ? selected : '';
}
