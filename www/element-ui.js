/**
 * The element's input side: buttons, keys, the settings form, drag and drop,
 * the share panel, and how a change of settings is applied. Installed on
 * `RnnPlayground.prototype`; `this` is the element.
 */
import { FIELDS, FIELD_BY_KEY, DATA_KEYS, parseValue } from './config.js';
import { readControl } from './controls.js';
import { zoomBy, panBy, resetZoom } from './charts/zoom-pan.js';
import { wireDataInput } from './data-input.js';
import { wireSharePanel } from './share-panel.js';

/**
 * The site's root URL: this module lives one folder down, in `www/` (dev) or
 * `assets/` (build). A variable keeps the bundler from treating it as an asset.
 */
const UP = '../';
const SITE_ROOT = new URL(UP, import.meta.url).href;

/** Input methods of `<rnn-playground>`. */
export const uiMethods = {
  wireUi() {
    const on = (action, fn) => this.$(`[data-action=${action}]`).addEventListener('click', fn);
    on('train', () => (this.phase === 'running' ? this.pause() : this.train().catch(() => {})));
    on('step', () => this.step());
    on('stop', () => this.stop());
    on('reset', () => this.reset());
    on('dismiss-error', () => this.clearError());
    on('export-json', () => this.download('json'));
    on('export-safetensors', () => this.download('safetensors'));
    on('pick-model', () => this.$('[data-role=import-file]').click());
    on('pick-csv', () => this.$('[data-role=csv-file]').click());
    on('forecast', () => this.forecast().catch((err) => this.fail(err, 'forecast')));
    on('zoom-in', () => zoomBy(this.predChart.plot, 0.5));
    on('zoom-out', () => zoomBy(this.predChart.plot, 2));
    on('pan-left', () => panBy(this.predChart.plot, -0.25));
    on('pan-right', () => panBy(this.predChart.plot, 0.25));
    on('zoom-reset', () => resetZoom(this.predChart.plot));
    this.$('[data-role=prediction-chart]').addEventListener('keydown', (e) => {
      const plot = this.predChart.plot;
      const act = { ArrowLeft: () => panBy(plot, -0.1), ArrowRight: () => panBy(plot, 0.1), '+': () => zoomBy(plot, 0.5),
        '=': () => zoomBy(plot, 0.5), '-': () => zoomBy(plot, 2), 0: () => resetZoom(plot) }[e.key];
      if (act) { e.preventDefault(); act(); }
    });
    this.$('[data-role=import-file]').addEventListener('change', (e) => {
      const f = e.target.files?.[0];
      e.target.value = '';
      if (f) this.importModel(f).catch(() => {});
    });
    const freeze = this.$('[data-role=freeze]');
    freeze.addEventListener('change', () => {
      const label = freeze.selectedOptions[0].textContent;
      this.worker.call('freeze', { spec: freeze.value })
        .then(() => this.setStatus(`Fine-tuning: ${label}.`))
        .catch((err) => this.fail(err, 'freeze'));
    });
    this.$('[data-role=settings]').addEventListener('change', (e) => {
      if (e.target.name && FIELD_BY_KEY.has(e.target.name)) this.onControl(e.target);
    });
    wireDataInput({
      fileInput: this.$('[data-role=csv-file]'), dropZone: this.$('.app'),
      pasteBox: this.$('[data-role=paste-box]'), pasteButton: this.$('[data-role=paste-button]'),
    }, (text, name) => this.loadCsv(text, { name }).catch(() => {}), (msg) => this.showError(msg),
    (file) => this.importModel(file).catch(() => {}));
    wireSharePanel(this.root, () => this.state, {
      pageUrl: () => (this.hasAttribute('sync-hash') ? location.href : SITE_ROOT),
      moduleUrl: `${SITE_ROOT}rnn-playground.js`,
    });
  },

  onControl(input) {
    if (input.name === 'dataset' && this.source?.kind === 'csv') {
      // Back from uploaded data to a built-in dataset (possibly the one the state already names).
      this.source = null;
      this.needsLoad = true;
    }
    const r = readControl(input);
    if (!r.ok) {
      input.setAttribute('aria-invalid', 'true');
      this.showError(r.message);
      return;
    }
    input.removeAttribute('aria-invalid');
    const next = { ...this.state, config: { ...this.state.config, [r.key]: r.value } };
    this.applyState(next, true);
  },

  /**
   * Adopts new settings: marks what must be redone and writes the hash. With
   * `immediate` (a control or the URL changed) new data is loaded at once as a
   * preview; attribute changes wait for the next train().
   */
  applyState(next, immediate) {
    const prev = this.state;
    this.state = { ...next, problems: [] };
    const changed = FIELDS.filter((f) => prev.config[f.key] !== next.config[f.key]).map((f) => f.key);
    this.writeControls();
    this.applyView();
    this.writeHash();
    if (!changed.length && !this.needsLoad) return;
    const dataChanged = this.needsLoad || changed.some((k) => DATA_KEYS.includes(k) && !(k === 'missing' && this.source?.kind !== 'csv'));
    if (dataChanged) {
      if (changed.includes('dataset') || changed.includes('symbol')) this.source = null;
      this.needsLoad = true;
    }
    this.needsConfigure = true;
    if (this.phase === 'idle') this.configSummary = null; // its warnings no longer describe the settings
    if (this.phase === 'idle' && dataChanged && immediate) {
      // Show the new data at once (a preview), like picking a dataset in a form.
      this.reset();
    } else if (this.phase === 'idle') {
      this.setStatus('Settings changed: the next Train starts a fresh model.');
      this.renderMetrics();
    }
  },

  /** Re-applies the chosen freeze to a new model (a fresh or imported model starts unfrozen). */
  async applyFreeze() {
    const spec = this.$('[data-role=freeze]').value;
    if (spec !== 'none') await this.worker.call('freeze', { spec });
  },

  /**
   * Shows an imported model's settings in the controls and the hash (keys of
   * the vocabulary only; anything else in the file's config is ignored). The
   * data stays as it is, so no reload follows.
   */
  adoptImportedConfig(config) {
    if (!config || typeof config !== 'object') return;
    const next = { ...this.state.config };
    for (const f of FIELDS) {
      if (DATA_KEYS.includes(f.key) || config[f.key] === undefined || config[f.key] === null) continue;
      let v = config[f.key];
      if (f.type === 'float' && typeof v === 'number') v = Number(v.toPrecision(7)); // f32 in the file: 0.0099999998 → 0.01
      const parsed = parseValue(f, String(v));
      if (parsed.ok) next[f.key] = parsed.value;
    }
    this.state = { ...this.state, config: next };
    this.writeControls();
    this.writeHash();
  },
};
