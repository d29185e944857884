/**
 * The element's view: everything that writes to its shadow DOM (controls,
 * status, errors, notices, the data line, metrics, button states). Installed
 * on `RnnPlayground.prototype`; `this` is the element.
 */
import { serializeHash } from './url-state.js';
import { writeControls, setColumnChoices } from './controls.js';
import { renderMetrics, rangeWarning } from './metrics-table.js';
import { csvHeader } from './data-input.js';

/** View methods of `<rnn-playground>`. */
export const viewMethods = {
  showData() {
    const s = this.summary;
    const name = this.source.kind === 'csv' ? this.source.name ?? 'CSV' : s.source;
    const box = this.$('[data-role=source]');
    const head = document.createElement('strong');
    head.textContent = `${name}: ${s.rows} rows, column "${s.column}"` +
      (s.missing_count ? `, ${s.missing_count} missing` : '');
    const notes = document.createElement('small');
    notes.className = 'muted';
    notes.textContent = (s.notes ?? []).join(' ');
    const warnings = document.createElement('small');
    warnings.className = 'data-warnings';
    warnings.textContent = (s.warnings ?? []).map((w) => `⚠ ${w}`).join(' ');
    box.replaceChildren(head, ' ', notes, ' ', warnings);
    // CSV: offer every header column (the summary names only the chosen one).
    const columns = this.source.kind === 'csv' ? csvHeader(this.source.text) : (s.columns ?? []);
    setColumnChoices(this.root, columns, this.state.config.column);
    this.preview.set(s.values);
    this.predChart.setSeries(s.values, s.dates);
  },

  progressText(p) {
    if (!p) return '';
    const val = p.val_loss == null ? '' : `, val. loss ${p.val_loss.toPrecision(4)}`;
    return `Epoch ${p.epoch} of ${this.state.config.epochs}, batch ${p.batch}/${p.batches_per_epoch}: ` +
      `train loss ${p.train_loss.toPrecision(4)}${val}, ${Math.round(p.samples_per_s)} samples/s`;
  },

  /** Shows the state in the controls; with uploaded data the dataset picker says so. */
  writeControls() {
    writeControls(this.root, this.state.config);
    const select = this.$('select[name=dataset]');
    let placeholder = select.querySelector('option[value=""]');
    if (this.source?.kind === 'csv') {
      if (!placeholder) {
        placeholder = document.createElement('option');
        placeholder.value = '';
        placeholder.disabled = true;
        select.prepend(placeholder);
      }
      placeholder.textContent = `Uploaded: ${this.source.name ?? 'CSV'}`;
      select.value = '';
    } else if (placeholder) {
      placeholder.remove();
    }
  },

  /** Writes the state to `location.hash` (with `sync-hash`), without a history entry. */
  writeHash() {
    if (!this.hasAttribute('sync-hash')) return;
    const hash = serializeHash(this.state);
    if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
  },

  applyView() {
    const v = this.state.view;
    this.$('.app').classList.toggle('compact', !!v.compact);
    this.$('.app').classList.toggle('hide-text', !!v.hideText);
    for (const el of this.root.querySelectorAll('[data-hidden-by-state]')) el.removeAttribute('data-hidden-by-state');
    for (const key of this.state.hidden) {
      for (const el of this.root.querySelectorAll(`[data-panel="${key}"], .field[data-key="${key}"]`)) {
        el.setAttribute('data-hidden-by-state', '');
      }
    }
    this.updateFreezeChoices();
    const symbolField = this.$('.field[data-key=symbol]');
    if (symbolField) symbolField.hidden = this.state.config.dataset !== 'stocks';
  },

  /** Freeze choices for the current number of layers: none, recurrent, first:1 … first:layers−1. */
  updateFreezeChoices() {
    const select = this.$('[data-role=freeze]');
    const layers = this.state.config.layers;
    const want = ['none', 'recurrent', ...Array.from({ length: Math.max(0, layers - 1) }, (_, i) => `first:${i + 1}`)];
    const have = [...select.options].map((o) => o.value);
    if (want.join() === have.join()) return;
    const keep = want.includes(select.value) ? select.value : 'none';
    for (const o of [...select.options]) if (!want.includes(o.value)) o.remove();
    for (const v of want.slice(2)) {
      if (have.includes(v)) continue;
      const o = document.createElement('option');
      o.value = v;
      const k = Number(v.slice(6));
      o.textContent = `freeze the first ${k === 1 ? 'layer' : `${k} layers`}`;
      select.append(o);
    }
    select.value = keep;
  },

  setPhase(phase) {
    this.phase = phase;
    this.dataset.phase = phase;
    const train = this.$('[data-action=train]');
    train.textContent = phase === 'running' ? 'Pause' : phase === 'paused' ? 'Resume' : 'Train';
    train.setAttribute('aria-pressed', String(phase === 'running'));
    train.disabled = phase === 'busy' || phase === 'starting';
    this.$('[data-action=step]').disabled = phase === 'running' || phase === 'busy' || phase === 'starting';
    this.$('[data-action=stop]').disabled = !(phase === 'running' || phase === 'paused');
    this.$('[data-action=reset]').disabled = phase === 'busy' || phase === 'starting';
  },

  setStatus(text) {
    this.$('[data-role=status]').textContent = text;
  },

  renderMetrics() {
    // The pipeline's warnings (range checks on the transformed series) are the authority; before
    // a configuration exists, the page's own range check on the raw values stands in.
    const extra = [];
    if (this.configSummary) extra.push(...(this.configSummary.warnings ?? []));
    else if (this.summary) {
      const w = rangeWarning(this.summary.values, this.state.config.train_frac, this.state.config.val_frac);
      if (w) extra.push(w);
    }
    renderMetrics(this.$('[data-role=metrics]'), this.metrics, extra);
  },

  async download(format) {
    try {
      const blob = await this.exportModel(format);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `rnn-playground-${this.state.config.cell}.${format === 'json' ? 'json' : 'safetensors'}`;
      this.root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (err) {
      this.fail(err, 'export');
    }
  },

  fail(err, where) {
    const message = err?.message ?? String(err);
    this.showError(message);
    this.setStatus(`Error in ${where}.`);
    this.dispatchEvent(new CustomEvent('error', { detail: { message, where } }));
  },

  showError(message) {
    const box = this.$('[data-role=error]');
    box.querySelector('.msg').textContent = message;
    box.hidden = false;
  },

  clearError() {
    this.$('[data-role=error]').hidden = true;
  },

  showNotice(message) {
    const box = this.$('[data-role=notice]');
    box.textContent = message;
    box.hidden = false;
  },
};
