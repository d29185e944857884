/**
 * `<rnn-playground task="text">`: the element's text task. It owns its own worker (the same
 * worker script; the `text-…` requests of www/protocol-text.js go to its www/engine-text.js),
 * the text layout (www/text-view.js), the bits-per-character chart, the samples, the generator
 * and the unit view. The element forwards its JS API here (www/text-task.js).
 *
 * States (`data-state` on the element, waited on by tests): `starting` → `empty` → `loading`
 * → `ready` → `training` ⇄ `paused` → `done`; `error` when the first load failed; `restoring`
 * while a crashed worker's replacement gets the text, settings and last checkpoint back
 * (www/text-recovery.js, which with `autosave` also keeps them over a reload). A refused text
 * or model file shows the message and keeps what was loaded. A model file loaded here can be
 * fine-tuned with some layers frozen (the series' choices: head only, the first K layers).
 */
import { WorkerClient } from './worker-client.js';
import { Request } from './protocol.js';
import { adoptStyles } from './styles.js';
import { adoptTextStyles } from './text-styles.js';
import { renderTextView, TEXT_SETTINGS, TEXT_DEFAULTS } from './text-view.js';
import { BpcChart } from './charts/bpc-chart.js';
import { SampleList } from './text-samples.js';
import { UnitView, unitsByVariation } from './unit-view.js';
import { errorMessage } from './request-client.js';
import { saveTextSnapshot, restoreAutosaved, restoreAfterTextCrash } from './text-recovery.js';
import { freezeChoices } from './text-view.js';

/** @typedef {import('./protocol-text.js').TextProgressPayload} TextProgressPayload */
/** @typedef {import('./protocol-text.js').TextRunResult} TextRunResult */

/** Chunks a Step trains. */
export const STEP_BATCHES = 100;
/** Characters of the loaded text the unit view starts with. */
export const PASSAGE_CHARS = 600;

/**
 * The settings the element's attributes give (the `TextSettings` keys), as numbers where numeric.
 * @param {Element} el
 * @returns {Record<string, unknown>}
 */
export function settingsFromAttributes(el) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const f of TEXT_SETTINGS) {
    const v = el.getAttribute(f.key);
    if (v == null || v.trim() === '') continue;
    out[f.key] = f.options ? v.trim().toLowerCase() : Number(v);
  }
  if (el.hasAttribute('lowercase')) out.lowercase = el.getAttribute('lowercase') !== 'false';
  return out;
}

/**
 * The text a `loadText` caller gave, as bytes or a string the worker can take.
 * @param {string|Blob|ArrayBuffer|Uint8Array} text
 * @returns {Promise<string|Uint8Array>}
 */
async function textPayload(text) {
  if (typeof text === 'string' || text instanceof Uint8Array) return text;
  if (text instanceof ArrayBuffer) return new Uint8Array(text);
  if (text instanceof Blob) return new Uint8Array(await text.arrayBuffer());
  throw new Error('loadText: give a string, a File/Blob, an ArrayBuffer or a Uint8Array');
}

/** The text task of one element. */
export class TextMode {
  /**
   * @param {HTMLElement} host  the `<rnn-playground>` element
   * @param {ShadowRoot} root
   */
  constructor(host, root) {
    this.host = host;
    this.root = root;
    adoptStyles(root);
    adoptTextStyles(root);
    this.view = renderTextView(root);
    this.chart = new BpcChart(this.view.role('bpc-chart'));
    this.samples = new SampleList(this.view.role('samples'));
    this.units = new UnitView(this.view.role('unit-view'), this.view.role('readout'));
    this.worker = new WorkerClient();
    /** @type {RnnWasm.TextLoaded|null} what is loaded */
    this.loaded = null;
    /** @type {RnnWasm.TextMetrics|null} */
    this.metrics = null;
    /** @type {RnnWasm.TextProgress|null} */
    this.progress = null;
    /** Chunks trained on the current model (the chart's x). */
    this.batches = 0;
    /** @type {Promise<any>|null} the running train request */
    this.running = null;
    /** @type {RnnWasm.UnitActivations|null} the unit view's data */
    this.unitData = null;
    /** @type {import('./protocol-text.js').TextSource|null} the last text loaded (without its settings) */
    this.source = null;
    /** @type {string|null} the last checkpoint: the model file (JSON) as of the last epoch end or run end */
    this.checkpoint = null;
    /** @type {Uint8Array|null} the model file loaded by the user (fine-tuning; freeze choices re-load it) */
    this.importedFile = null;
    /** True while a crashed worker's replacement is being restored. */
    this.restoring = false;
    /** @type {Promise<void>} settles when the last autosave is written */
    this.saved = Promise.resolve();
    /** @type {string} */
    this.state = 'starting';
    /** False while the element shows its series task (www/text-task.js): `data-state` is the series'. */
    this.active = true;
    this.worker.addEventListener('crash', (e) => this.onCrash(/** @type {CustomEvent} */ (e).detail));
    this.setState('starting');
    this.ready = this.boot();
    this.wire();
  }

  /** @param {string} name */
  setState(name) {
    this.state = name;
    if (this.active) this.host.dataset.state = name;
    const busy = name === 'starting' || name === 'loading' || name === 'restoring';
    const running = name === 'training';
    const hasModel = !!this.loaded && !busy;
    this.view.action('train').disabled = !hasModel;
    this.view.action('train').textContent = running ? 'Pause' : name === 'paused' ? 'Resume' : 'Train';
    this.view.action('step').disabled = !hasModel || running;
    this.view.action('stop').disabled = !(running || name === 'paused');
    this.view.action('generate').disabled = !hasModel;
    this.view.action('units').disabled = !hasModel;
    /** @type {HTMLSelectElement} */ (this.view.role('freeze')).disabled = !this.importedFile || busy || running;
  }

  /** Starts the worker, fills the corpus list, loads the corpus the attributes name (default the Sonnets). */
  async boot() {
    try {
      const info = await this.worker.start();
      this.view.role('backend').textContent = `wasm ${info.backend}`;
      const { corpora } = await this.worker.call(Request.TEXT_INFO, {});
      const select = /** @type {HTMLSelectElement} */ (this.view.role('corpus'));
      const doc = this.root.ownerDocument;
      select.replaceChildren(...corpora.map((/** @type {RnnWasm.CorpusInfo} */ c) => {
        const o = doc.createElement('option');
        o.value = c.key;
        o.textContent = c.label;
        o.title = `${c.description}. ${c.licence}`;
        return o;
      }));
      this.writeSettings({ ...TEXT_DEFAULTS, ...settingsFromAttributes(this.host) });
      this.setState('empty');
      if (await this.restoreAutosave()) return;
      const corpus = this.host.getAttribute('corpus') ?? 'sonnets';
      if (corpus !== 'none') {
        select.value = corpus;
        await this.load({ kind: 'corpus', name: corpus });
      }
    } catch (err) {
      this.showError(err);
      if (!this.loaded) this.setState('error');
    }
  }

  /** Binds the controls. */
  wire() {
    const v = this.view;
    const on = (/** @type {string} */ action, /** @type {() => unknown} */ fn) => v.action(action).addEventListener('click', () => {
      Promise.resolve().then(fn).catch((err) => this.showError(err));
    });
    on('train', () => (this.state === 'training' ? this.pause() : this.train()));
    on('step', () => this.step());
    on('stop', () => this.stop());
    on('apply', () => this.configure(this.readSettings()));
    on('load-paste', () => this.loadText(/** @type {HTMLTextAreaElement} */ (v.role('paste')).value, { name: 'pasted text' }));
    on('generate', () => this.generateFromControls());
    on('units', () => this.showUnits());
    on('export-json', () => this.download('json'));
    on('export-safetensors', () => this.download('safetensors'));
    on('dismiss-error', () => { v.role('error').hidden = true; });
    v.role('corpus').addEventListener('change', (e) => {
      const name = /** @type {HTMLSelectElement} */ (e.target).value;
      this.load({ kind: 'corpus', name }).catch((err) => this.showError(err));
    });
    const file = /** @type {HTMLInputElement} */ (v.role('file'));
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (f) this.loadText(f, { name: f.name }).catch((err) => this.showError(err));
      file.value = '';
    });
    const modelFile = /** @type {HTMLInputElement} */ (v.role('model-file'));
    modelFile.addEventListener('change', () => {
      const f = modelFile.files?.[0];
      if (f) this.importModel(f).catch((err) => this.showError(err));
      modelFile.value = '';
    });
    const drop = v.role('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('dragging');
      const f = e.dataTransfer?.files?.[0];
      if (f) this.loadText(f, { name: f.name }).catch((err) => this.showError(err));
    });
    const temp = /** @type {HTMLInputElement} */ (v.role('temperature'));
    temp.addEventListener('input', () => { v.role('temperature-value').textContent = Number(temp.value).toFixed(2); });
    v.role('layer').addEventListener('change', () => this.showUnits().catch((err) => this.showError(err)));
    v.role('unit').addEventListener('change', () => this.recolour());
    const freeze = /** @type {HTMLSelectElement} */ (v.role('freeze'));
    freeze.addEventListener('change', () => {
      if (!this.importedFile) return;
      const label = freeze.selectedOptions[0]?.textContent ?? freeze.value;
      this.importModel(this.importedFile, { freeze: freeze.value })
        .then(() => this.status(`Fine-tuning the model file with: ${label}. Press Train.`))
        .catch((err) => this.showError(err));
    });
  }

  /** @param {Record<string, unknown>} s */
  writeSettings(s) {
    for (const f of TEXT_SETTINGS) {
      const input = /** @type {HTMLInputElement} */ (this.view.query(`[data-setting="${f.key}"]`));
      // f32 settings come back as f64 (0.003 → 0.0030000000260770321): show 6 significant digits.
      if (s[f.key] != null) input.value = typeof s[f.key] === 'number' ? String(Number(Number(s[f.key]).toPrecision(6))) : String(s[f.key]);
    }
    const lc = /** @type {HTMLInputElement} */ (this.view.query('[data-setting="lowercase"]'));
    lc.checked = !!s.lowercase;
  }

  /** The settings in the controls. */
  readSettings() {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const f of TEXT_SETTINGS) {
      const input = /** @type {HTMLInputElement} */ (this.view.query(`[data-setting="${f.key}"]`));
      out[f.key] = f.options ? input.value : Number(input.value);
    }
    out.lowercase = /** @type {HTMLInputElement} */ (this.view.query('[data-setting="lowercase"]')).checked;
    return out;
  }

  /**
   * Loads a text (see the element's `loadText`): resolves with its summary; on error the message
   * is shown, the loaded text stays and the promise rejects.
   * @param {string|Blob|ArrayBuffer|Uint8Array} text
   * @param {{name?: string}} [options]
   */
  async loadText(text, { name } = {}) {
    const payload = await textPayload(text);
    return this.load({ kind: 'text', text: payload, name: name ?? (text instanceof File ? text.name : 'pasted text') });
  }

  /**
   * @param {import('./protocol-text.js').TextSource} source
   * @returns {Promise<RnnWasm.TextLoaded>}
   */
  async load(source) {
    await this.worker.start();
    const before = this.state;
    this.setState('loading');
    try {
      const loaded = await this.worker.call(Request.TEXT_LOAD, { ...source, settings: this.readSettings() });
      const { settings, ...kept } = /** @type {any} */ (source);
      this.source = kept;
      this.checkpoint = null;
      this.importedFile = null;
      const passage = source.kind === 'text' && typeof source.text === 'string' ? source.text : null;
      this.adopt(loaded, passage, `Loaded ${loaded.source}. Press Train.`);
      if (source.kind === 'corpus') /** @type {HTMLSelectElement} */ (this.view.role('corpus')).value = source.name;
      this.autosave();
      return loaded;
    } catch (err) {
      this.setState(this.loaded ? (before === 'loading' ? 'ready' : before) : 'empty');
      throw this.showError(err);
    }
  }

  /**
   * A fresh model on the loaded text with `settings`.
   * @param {Record<string, unknown>} settings
   */
  async configure(settings) {
    const loaded = await this.worker.call(Request.TEXT_CONFIGURE, { settings });
    this.checkpoint = null;
    this.importedFile = null;
    this.adopt(loaded, null, 'A fresh model with these settings. Press Train.');
    this.autosave();
    return loaded;
  }

  /**
   * Shows what was loaded and starts over (chart, samples, metrics).
   * @param {RnnWasm.TextLoaded} loaded
   * @param {string|null} passage  the text, when the page has it as a string
   * @param {string} message  for the status line
   */
  adopt(loaded, passage, message) {
    this.loaded = loaded;
    this.running = null;
    if (!this.restoring) {
      // A crash restore keeps what was shown: the chart, the samples and the metrics of the lost run.
      this.metrics = null;
      this.progress = null;
      this.batches = 0;
      this.view.role('error').hidden = true;
      this.chart.clear();
      this.samples.clear();
      this.view.role('metrics').textContent = '';
    }
    this.chart.setBaselines(loaded);
    this.view.role('generated').textContent = '';
    this.view.role('unit-view').replaceChildren();
    this.view.role('readout').textContent = '';
    this.unitData = null;
    this.writeSettings(loaded.settings);
    const [tr, va, te] = loaded.split_chars;
    const unk = loaded.unknown_chars.reduce((a, b) => a + b, 0);
    this.view.role('summary').textContent = [
      `${loaded.source}: ${loaded.chars.toLocaleString('en-US')} characters, ${loaded.vocab_size} symbols (with <unk>)`,
      `split ${tr.toLocaleString('en-US')} / ${va.toLocaleString('en-US')} / ${te.toLocaleString('en-US')}; ${loaded.batches_per_epoch} batches per epoch`,
      `${loaded.params.toLocaleString('en-US')} parameters; baselines on validation: ${loaded.ngram_order}-gram ${loaded.ngram_val_bpc.toFixed(3)}, unigram ${loaded.unigram_val_bpc.toFixed(3)} bits/char`,
      ...(unk ? [`${unk} character${unk === 1 ? '' : 's'} of the validation and test splits not in the training split's vocabulary (read as <unk>)`] : []),
      ...(loaded.trainable_params < loaded.params ? [`fine-tuning ${loaded.trainable_params.toLocaleString('en-US')} of them; the rest are frozen`] : []),
    ].join('\n');
    const layers = Number(loaded.settings.layers ?? 1);
    const freeze = /** @type {HTMLSelectElement} */ (this.view.role('freeze'));
    const spec = freeze.value;
    freeze.replaceChildren(...freezeChoices(layers).map(([value, label]) => {
      const o = this.root.ownerDocument.createElement('option');
      o.value = value;
      o.textContent = label;
      return o;
    }));
    freeze.value = this.importedFile && [...freeze.options].some((o) => o.value === spec) ? spec : 'none';
    const layerSelect = /** @type {HTMLSelectElement} */ (this.view.role('layer'));
    const doc = this.root.ownerDocument;
    layerSelect.replaceChildren(...Array.from({ length: layers }, (_, i) => {
      const o = doc.createElement('option');
      o.value = o.textContent = String(i);
      return o;
    }));
    const box = /** @type {HTMLTextAreaElement} */ (this.view.role('passage'));
    if (passage != null) box.value = passage.slice(0, PASSAGE_CHARS);
    else if (!box.value) box.value = 'From fairest creatures we desire increase,\nThat thereby beauty\'s rose might never die,\nBut as the riper should by time decease,\nHis tender heir might bear his memory:';
    this.setState(this.restoring ? 'restoring' : 'ready'); // a restore sets the state when it is done
    this.status(message);
  }

  /** @param {string} text */
  status(text) {
    this.view.role('status').textContent = text;
  }

  /**
   * Shows an error (and returns it, to rethrow).
   * @param {unknown} err
   */
  showError(err) {
    const box = this.view.role('error');
    /** @type {HTMLElement} */ (box.querySelector('.msg')).textContent = errorMessage(err);
    box.hidden = false;
    this.host.dispatchEvent(new CustomEvent('error', { detail: { message: errorMessage(err) } }));
    return err instanceof Error ? err : new Error(errorMessage(err));
  }

  /**
   * Trains until done (or stopped); resolves with the metrics (the CLI's keys).
   * @returns {Promise<RnnWasm.TextMetrics>}
   */
  async train() {
    await this.ready;
    if (!this.loaded) throw new Error('no text loaded: call loadText first');
    if (this.state === 'training' && this.running) return this.running.then((r) => r.metrics);
    this.setState('training');
    const request = this.worker.request(Request.TEXT_TRAIN, { sample: { temperature: this.temperature() } },
      { onProgress: (p) => this.onProgress(p), onCheckpoint: (c) => this.onCheckpoint(c) });
    this.running = request;
    let res;
    try {
      res = /** @type {TextRunResult & {superseded?: boolean}} */ (await request);
    } catch (err) {
      if (this.running === request) {
        this.running = null;
        if (!this.restoring) this.setState('ready'); // after a crash, the restore sets the state
      }
      throw this.showError(err);
    }
    if (res.superseded) {
      // A later train/step took the paused run over; its result is this one's too.
      if (this.running === request) this.running = null;
      const next = this.running;
      return next && next !== request ? next.then((r) => r.metrics) : /** @type {RnnWasm.TextMetrics} */ (this.metrics);
    }
    return this.finish(res);
  }

  /**
   * @param {TextRunResult} res
   * @returns {RnnWasm.TextMetrics}
   */
  finish(res) {
    this.running = null;
    this.onProgress({ progress: /** @type {RnnWasm.TextProgress} */ (res.progress), paused: false, history: res.history, samples: res.samples });
    this.metrics = res.metrics;
    this.showMetrics(res.metrics);
    this.setState('done');
    this.autosave();
    this.host.dispatchEvent(new CustomEvent('trained', { detail: { metrics: res.metrics } }));
    return res.metrics;
  }

  /** Trains {@link STEP_BATCHES} chunks, then pauses. */
  async step() {
    await this.ready;
    this.running = null; // a paused train's request ends (superseded) when the step takes the run over
    this.setState('training');
    const res = await this.worker.request(Request.TEXT_STEP, { batches: STEP_BATCHES, sample: { temperature: this.temperature() } },
      { onProgress: (p) => this.onProgress(p), onCheckpoint: (c) => this.onCheckpoint(c) });
    this.onProgress(res);
    this.setState(res.progress?.done ? 'done' : 'paused');
    return res.progress;
  }

  /** Pauses a run (Train resumes it). */
  async pause() {
    await this.worker.call(Request.TEXT_PAUSE, {});
    if (this.state === 'training') this.setState('paused');
  }

  /** Ends training; the best validation epoch's weights are kept. Resolves with the metrics. */
  async stop() {
    const running = this.running;
    await this.worker.call(Request.TEXT_STOP, {});
    if (running) return running.then((r) => (r && r.metrics) || this.metrics);
    // A parked step: nobody waits for the run's result, so fetch the metrics here.
    const metrics = await this.worker.call(Request.TEXT_EVALUATE, {});
    this.metrics = metrics;
    this.showMetrics(metrics);
    this.setState('done');
    return metrics;
  }

  /** @param {TextProgressPayload} p */
  onProgress(p) {
    if (!p?.progress) return;
    const bpe = p.progress.batches_per_epoch || 1;
    const x = (p.progress.epoch - 1) * bpe + p.progress.batch;
    for (const h of p.history ?? []) this.chart.add(h.epoch * bpe, h);
    this.chart.add(Math.max(0, x), p.progress);
    this.samples.add(p.samples ?? []);
    this.progress = p.progress;
    this.batches = Math.max(0, x);
    if (p.paused && this.state === 'training') this.setState('paused');
    const val = p.progress.val_bpc ?? this.lastVal();
    this.status(`epoch ${p.progress.epoch}, batch ${p.progress.batch}/${bpe}: train ${p.progress.train_bpc.toFixed(3)}`
      + `${val != null ? `, val ${val.toFixed(3)}` : ''} bits/char · ${Math.round(p.progress.chars_per_s).toLocaleString('en-US')} chars/s`);
    this.host.dispatchEvent(new CustomEvent('progress', { detail: p }));
  }

  /** The last validation point drawn, if any. */
  lastVal() {
    for (let i = this.chart.val.length - 1; i >= 0; i--) if (this.chart.val[i] != null) return this.chart.val[i];
    return null;
  }

  /** @param {RnnWasm.TextMetrics} m */
  showMetrics(m) {
    const f = (/** @type {number|null} */ v) => (v == null ? '–' : v.toFixed(3));
    this.view.role('metrics').textContent = `Test bits/char: model ${f(m.test_bpc)}, ${m.ngram_order}-gram ${f(m.ngram_test_bpc)}, `
      + `unigram ${f(m.unigram_test_bpc)} · train ${f(m.train_bpc)}, val ${f(m.val_bpc)} · best epoch ${m.best_epoch ?? '–'} of ${m.epochs_run}`
      + ` · ${Math.round(m.train_chars_per_s).toLocaleString('en-US')} chars/s over ${m.train_seconds.toFixed(1)} s`;
  }

  /** The temperature slider's value. */
  temperature() {
    return Number(/** @type {HTMLInputElement} */ (this.view.role('temperature')).value);
  }

  /**
   * Text from the model (see the element's `generate`).
   * @param {RnnWasm.GenerateOptions} [options]
   * @returns {Promise<string>}
   */
  async generate(options = {}) {
    await this.ready;
    return this.worker.call(Request.TEXT_GENERATE, options);
  }

  /** Generate with the page's controls; the output goes under them. */
  async generateFromControls() {
    const v = this.view;
    const prime = /** @type {HTMLInputElement} */ (v.role('prime')).value;
    const text = await this.generate({
      prime,
      length: Number(/** @type {HTMLInputElement} */ (v.role('length')).value) || 300,
      temperature: this.temperature(),
      seed: Number(/** @type {HTMLInputElement} */ (v.role('gen-seed')).value) || 0,
    });
    v.role('generated').textContent = prime + text;
    return text;
  }

  /** Reads the passage's activations for the chosen layer and shows the chosen (or most varying) unit. */
  async showUnits() {
    const v = this.view;
    const passage = /** @type {HTMLTextAreaElement} */ (v.role('passage')).value;
    const layer = Number(/** @type {HTMLSelectElement} */ (v.role('layer')).value) || 0;
    const data = /** @type {RnnWasm.UnitActivations} */ (await this.worker.call(Request.TEXT_ACTIVATIONS, { passage, layer }));
    const order = unitsByVariation(data.values, data.hidden);
    const select = /** @type {HTMLSelectElement} */ (v.role('unit'));
    const keep = select.value === '' ? null : Number(select.value);
    const doc = this.root.ownerDocument;
    select.replaceChildren(...order.map((u, rank) => {
      const o = doc.createElement('option');
      o.value = String(u);
      o.textContent = rank === 0 ? `${u} (varies most)` : String(u);
      return o;
    }));
    const unit = keep != null && keep < data.hidden ? keep : order[0];
    select.value = String(unit);
    this.unitData = data;
    this.units.show(data, unit);
    return data;
  }

  /** Recolours the passage for the unit picked. */
  recolour() {
    if (!this.unitData) return;
    this.units.show(this.unitData, Number(/** @type {HTMLSelectElement} */ (this.view.role('unit')).value));
  }

  /**
   * The model as a file.
   * @param {'json'|'safetensors'} [format]
   * @returns {Promise<Blob>}
   */
  async exportModel(format = 'json') {
    const { bytes } = await this.worker.call(Request.TEXT_EXPORT, { format });
    return new Blob([bytes], { type: format === 'json' ? 'application/json' : 'application/octet-stream' });
  }

  /**
   * Loads a text model file onto the loaded text (its vocabulary kept); resolves with
   * `{fine_tuning, vocab_size, params, loaded}`. The old model stays on error. `freeze` (default:
   * the Fine-tune choice on the page) keeps those layers fixed while it trains.
   * @param {Blob|ArrayBuffer|Uint8Array} file
   * @param {{freeze?: string}} [options]
   */
  async importModel(file, { freeze } = {}) {
    const bytes = file instanceof Uint8Array ? file : new Uint8Array(file instanceof Blob ? await file.arrayBuffer() : file);
    const spec = freeze ?? this.freezeSpec();
    try {
      const res = /** @type {RnnWasm.TextImported} */ (await this.worker.request(Request.TEXT_IMPORT, { bytes, freeze: spec }, { transfer: [] }));
      this.importedFile = bytes;
      // The page always has a text loaded (a corpus at start), so the model continues on it.
      if (res.loaded) {
        this.adopt(res.loaded, null, `Loaded a model file (${res.vocab_size} symbols) onto ${res.loaded.source}: Generate, or Train to fine-tune.`);
        /** @type {HTMLSelectElement} */ (this.view.role('freeze')).value = spec;
        this.setState(this.state);
        const { bytes: json } = await this.worker.call(Request.TEXT_EXPORT, { format: 'json' });
        this.checkpoint = new TextDecoder().decode(json);
        this.autosave();
      }
      return res;
    } catch (err) {
      throw this.showError(err);
    }
  }

  /** The fine-tuning choice: `none`, `recurrent` or `first:K` (the series' freeze choices). */
  freezeSpec() {
    return /** @type {HTMLSelectElement} */ (this.view.role('freeze')).value || 'none';
  }

  /**
   * A restore puts a checkpoint back: imported with the freeze in force, and counted as a
   * model file of the user's only when it was one (`fromFile`).
   * @param {string} json
   * @param {boolean} fromFile
   * @param {string} freeze
   */
  async importCheckpoint(json, fromFile, freeze) {
    await this.importModel(new TextEncoder().encode(json), { freeze });
    if (!fromFile) this.importedFile = null;
    this.setState(this.state);
  }

  /** @param {{json: string}} c  a checkpoint reply: the model as of the last epoch end */
  onCheckpoint(c) {
    this.checkpoint = c.json;
    this.autosave();
  }

  /** @param {string} message  shown in the notice box (a restore, a crash) */
  notice(message) {
    const box = this.view.role('notice');
    box.textContent = message;
    box.hidden = false;
  }

  /**
   * Saves the text, settings, freeze choice, last checkpoint and metrics (with `autosave`);
   * `saved` settles when the write is done.
   */
  autosave() {
    if (!this.host.hasAttribute('autosave') || !this.source) return;
    this.saved = saveTextSnapshot(this.host.id, {
      settings: this.readSettings(), freeze: this.freezeSpec(), from_file: !!this.importedFile,
      source: this.source, model: this.checkpoint, metrics: this.metrics,
    });
  }

  /** With `autosave`: puts back the autosaved text, settings and model; false when there is none. */
  restoreAutosave() {
    return restoreAutosaved(this);
  }

  /**
   * The worker died: see www/text-recovery.js's `restoreAfterTextCrash`.
   * @param {{message: string, final?: boolean, restarted?: Promise<unknown>}} detail
   */
  onCrash(detail) {
    restoreAfterTextCrash(this, detail);
  }

  /** @param {'json'|'safetensors'} format */
  async download(format) {
    const blob = await this.exportModel(format);
    const a = this.root.ownerDocument.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `text-model.${format === 'json' ? 'json' : 'safetensors'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  /**
   * Shows this task's view, or hides it: a running training is then paused (kept; Train
   * resumes it), and the notice says so. Resolves when paused.
   * @param {boolean} on
   */
  async setActive(on) {
    this.active = on;
    this.view.el.classList.toggle('task-hidden', !on);
    this.view.el.hidden = !on;
    if (on) {
      this.host.dataset.state = this.state;
      return;
    }
    if (this.state === 'training') {
      this.notice('Training was paused when the element switched to the series task; Train resumes it.');
      await this.pause().catch(() => {});
    }
  }

  /** Ends the worker and removes the view (the element left the page). */
  close() {
    this.worker.terminate();
    this.view.el.remove();
  }
}
