/**
 * The fine-tuning lesson's button: copies the model the first widget trained
 * into the second (`exportModel('json')` → `importModel`), which then trains
 * on its own series starting from those weights. The button is enabled once
 * the first widget has a trained model.
 */

/**
 * @typedef {HTMLElement & {exportModel: (f: 'json'|'safetensors') => Promise<Blob>,
 *   importModel: (b: Blob) => Promise<{notes: string[], warnings: string[]}>}} Playground
 */

/**
 * Wires `button` to copy `from`'s trained model into `to`; `status` says what happened.
 * @param {Playground} from
 * @param {Playground} to
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
export function wireTransfer(from, to, button, status) {
  from.addEventListener('trained', () => {
    button.disabled = false;
    status.textContent = 'The model above is trained: copy it when you like.';
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Copying…';
    try {
      const file = await from.exportModel('json');
      await to.importModel(file);
      status.textContent = 'Copied: the widget below now starts from the trained weights. Press its Train.';
      to.dispatchEvent(new CustomEvent('model-copied'));
    } catch (err) {
      status.textContent = `Could not copy the model: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  });
}
