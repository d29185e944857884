/**
 * Nothing the user did is lost: restarting a crashed worker with the last
 * checkpoint, and autosaving model, settings and data source to IndexedDB.
 * Installed on `RnnPlayground.prototype`; `this` is the element.
 */
import { toSessionConfig } from './config.js';
import { saveSnapshot, loadSnapshot } from './autosave.js';

/** Recovery methods of `<rnn-playground>`. */
export const recoveryMethods = {
  onCrash({ message, final }) {
    this.showNotice(final
      ? `The training worker could not be restarted: ${message}`
      : `The training worker crashed (${message}). Restarting it and restoring the last checkpoint…`);
    this.activeTrainId = null;
    this.setPhase('busy');
  },

  async restoreAfterCrash() {
    try {
      if (this.source) {
        const summary = await this.worker.call('load-data', this.source);
        this.summary = summary;
        await this.worker.call('configure', { config: toSessionConfig(this.state.config) });
      }
      if (this.checkpoint) {
        await this.worker.call('import', { bytes: new TextEncoder().encode(this.checkpoint) });
        this.predictions = await this.worker.call('predictions');
        this.predChart.update(this.predictions, this.forecastValues);
      }
      this.showNotice(this.checkpoint
        ? 'The training worker crashed and was restarted; the last checkpoint is restored. Train continues from it.'
        : 'The training worker crashed and was restarted with your data and settings.');
    } catch (err) {
      this.fail(err, 'restore');
    } finally {
      this.setPhase('idle');
    }
  },

  autosaveSlot() {
    return this.id ? `element:${this.id}` : 'page';
  },

  autosave() {
    if (!this.hasAttribute('autosave') || !this.source) return;
    saveSnapshot(this.autosaveSlot(), {
      config: { ...this.state.config }, source: this.source, model: this.checkpoint,
      metrics: this.metrics, savedAt: Date.now(),
    }).catch(() => {}); // a full or blocked IndexedDB only loses the autosave
  },

  /** Restores the autosaved model when it was trained with the current settings. */
  async restoreSnapshot() {
    let snap;
    try {
      snap = await loadSnapshot(this.autosaveSlot());
    } catch {
      return false;
    }
    if (!snap?.model || JSON.stringify(snap.config) !== JSON.stringify(this.state.config)) return false;
    try {
      await this.load(snap.source);
      await this.worker.call('import', { bytes: new TextEncoder().encode(snap.model) });
      this.checkpoint = snap.model;
      this.metrics = snap.metrics;
      this.predictions = await this.worker.call('predictions');
      this.predChart.update(this.predictions, null);
      this.renderMetrics();
      this.showNotice(`Restored the model autosaved ${new Date(snap.savedAt).toLocaleString()}.`);
      return true;
    } catch {
      return false;
    }
  },
};
