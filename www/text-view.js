/**
 * The markup of `<rnn-playground task="text">` and the handles on its parts. Plain markup (no
 * style attributes: the page runs under `style-src 'self'`); the behaviour is in
 * www/text-mode.js.
 */
import { BUCKETS } from './unit-view.js';

/** Settings the text panel offers: key (the Rust `TextSettings` name and the element attribute), label, input. */
export const TEXT_SETTINGS = [
  { key: 'cell', label: 'Cell', options: ['lstm', 'gru', 'rnn_tanh'] },
  { key: 'hidden', label: 'Hidden units', min: 1, max: 1024, step: 1 },
  { key: 'layers', label: 'Layers', min: 1, max: 4, step: 1 },
  { key: 'embed', label: 'Embedding width', min: 1, max: 512, step: 1 },
  { key: 'chunk', label: 'Chunk (BPTT steps)', min: 1, max: 512, step: 1 },
  { key: 'batch', label: 'Batch (parallel rows)', min: 1, max: 512, step: 1 },
  { key: 'epochs', label: 'Epochs', min: 1, max: 10000, step: 1 },
  { key: 'lr', label: 'Learning rate', min: 0, max: 1, step: 0.0005 },
  { key: 'seed', label: 'Seed', min: 0, max: 4294967295, step: 1 },
];

/** The defaults shown (those of the Rust `TextSettings`). */
export const TEXT_DEFAULTS = { cell: 'lstm', hidden: 128, layers: 1, embed: 32, chunk: 64, batch: 32, epochs: 20, lr: 0.003, seed: 42 };

/**
 * The fine-tuning choices for a model of `layers` recurrent layers, as the series panel offers
 * them (www/element-view.js): `[spec, label]` for none, head only, and the first K < layers.
 * @param {number} layers
 * @returns {[string, string][]}
 */
export function freezeChoices(layers) {
  /** @type {[string, string][]} */
  const out = [['none', 'train everything'], ['recurrent', 'head only (freeze embedding and recurrent layers)']];
  for (let k = 1; k < layers; k++) out.push([`first:${k}`, `freeze the first ${k === 1 ? 'layer' : `${k} layers`}`]);
  return out;
}

const settingsRows = TEXT_SETTINGS.map((f) => {
  const input = f.options
    ? `<select data-setting="${f.key}">${f.options.map((o) => `<option value="${o}">${o}</option>`).join('')}</select>`
    : `<input type="number" data-setting="${f.key}" min="${f.min}" max="${f.max}" step="${f.step}">`;
  return `<label class="row">${f.label} ${input}</label>`;
}).join('\n');

const scale = Array.from({ length: BUCKETS }, (_, i) => `<i class="act-${i}"></i>`).join('');

const SKELETON = `
<div class="app text-app">
  <header>
    <h1>RNN Playground: text</h1>
    <span class="badge" data-role="backend">loading wasm…</span>
    <p class="prose">A character-level language model (embedding → LSTM/GRU/RNN → softmax over the characters),
      trained here in a background worker. Bits per character are compared with two honest baselines: an
      interpolated n-gram and a unigram. On a small text a good n-gram is hard to beat.</p>
  </header>
  <div class="toolbar" role="toolbar" aria-label="Training controls">
    <button class="primary" data-action="train" disabled>Train</button>
    <button data-action="step" disabled title="Train 100 batches, then pause">Step</button>
    <button data-action="stop" disabled>Stop</button>
    <span class="status" role="status" aria-live="polite" data-role="status">Starting…</span>
  </div>
  <div class="error" data-role="error" role="alert" hidden><span class="msg"></span>
    <button data-action="dismiss-error" aria-label="Dismiss the error">×</button></div>
  <div class="notice" data-role="notice" role="status" hidden></div>
  <div class="text-grid">
    <div class="settings">
      <fieldset>
        <legend>Text</legend>
        <label class="row">Built-in <select data-role="corpus"></select></label>
        <div class="drop" data-role="drop">
          <textarea data-role="paste" placeholder="…or paste text here, or drop a .txt file" aria-label="Text to train on"></textarea>
        </div>
        <div class="gen-controls">
          <button data-action="load-paste">Use this text</button>
          <label class="button">Open file… <input type="file" data-role="file" accept=".txt,text/plain" hidden></label>
        </div>
        <div class="summary" data-role="summary"></div>
      </fieldset>
      <fieldset>
        <legend>Model and training</legend>
        ${settingsRows}
        <label class="row">Lower-case the text <input type="checkbox" data-setting="lowercase"></label>
        <button data-action="apply">New model with these settings</button>
      </fieldset>
      <fieldset>
        <legend>Model file</legend>
        <div class="gen-controls">
          <button data-action="export-json">Save JSON</button>
          <button data-action="export-safetensors">Save safetensors</button>
          <label class="button">Load model… <input type="file" data-role="model-file" accept=".json,.safetensors" hidden></label>
        </div>
        <label class="row" title="For a loaded model file: what stays fixed while Train fine-tunes it on this text">Fine-tune
          <select data-role="freeze" disabled><option value="none">train everything</option></select></label>
      </fieldset>
    </div>
    <div class="results">
      <div class="chart" data-role="bpc-chart"></div>
      <div class="metrics-line" data-role="metrics"></div>
      <section>
        <h2>Generate</h2>
        <div class="gen-controls">
          <label>Prime <input type="text" data-role="prime" value="Shall I compare thee"></label>
          <label>Temperature <input type="range" data-role="temperature" min="0" max="2" step="0.05" value="0.8">
            <output data-role="temperature-value">0.80</output></label>
          <label>Length <input type="number" data-role="length" min="1" max="5000" value="300"></label>
          <label>Seed <input type="number" data-role="gen-seed" min="0" value="1"></label>
          <button class="primary" data-action="generate" disabled>Generate</button>
        </div>
        <pre class="generated" data-role="generated" aria-live="polite"></pre>
      </section>
      <section>
        <h2>Samples during training</h2>
        <ol class="samples" data-role="samples"></ol>
      </section>
      <section>
        <h2>One hidden unit, character by character</h2>
        <p class="prose">Each character is coloured by the unit's activation <em>h</em> after reading it
          (blue −1, white 0, red +1). Units are listed most varying first.</p>
        <div class="gen-controls">
          <label>Layer <select data-role="layer"><option value="0">0</option></select></label>
          <label>Unit <select data-role="unit"></select></label>
          <button data-action="units" disabled>Show</button>
          <span class="scale">−1 ${scale} +1</span>
        </div>
        <textarea data-role="passage" aria-label="Passage for the unit view"></textarea>
        <div class="readout" data-role="readout" aria-live="polite"></div>
        <div class="passage" data-role="unit-view"></div>
      </section>
    </div>
  </div>
</div>`;

/**
 * Renders the text layout into a container appended to `root` (after the series view when the
 * element has one: the series' lookups take the first match, so its parts come first) and
 * returns the container with `data-role`/`data-action` lookups inside it.
 * @param {ShadowRoot} root
 */
export function renderTextView(root) {
  const doc = root.ownerDocument;
  const tpl = doc.createElement('template');
  tpl.innerHTML = SKELETON;
  const el = doc.createElement('div');
  el.className = 'task-text';
  el.append(tpl.content.cloneNode(true));
  root.append(el);
  /** @param {string} selector */
  const query = (selector) => /** @type {HTMLElement} */ (el.querySelector(selector));
  /** @param {string} role */
  const role = (role) => query(`[data-role="${role}"]`);
  /** @param {string} action */
  const action = (action) => /** @type {HTMLButtonElement} */ (query(`[data-action="${action}"]`));
  return { el, query, role, action };
}
