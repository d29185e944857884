/**
 * The "copy embed link" helper: pick controls to hide and whether to hide the
 * prose, then copy a link (URL hash) or an embed snippet (attributes) that
 * carries the current settings plus those flags.
 */
import { FIELDS } from './config.js';
import { EXTRA_HIDEABLE, shareLink, embedSnippet } from './url-state.js';
import { required } from './template.js';

/**
 * Wires the share panel under `root`.
 * @param {ParentNode} root
 * @param {() => import('./url-state.js').PageState} getState  the current state
 * @param {{pageUrl: () => string, moduleUrl: string}} where
 */
export function wireSharePanel(root, getState, where) {
  const box = required(root, '[data-role=share-hide]');
  const doc = box.ownerDocument;
  for (const key of [...EXTRA_HIDEABLE, ...FIELDS.map((f) => f.key)]) {
    const label = doc.createElement('label');
    const cb = doc.createElement('input');
    cb.type = 'checkbox';
    cb.value = key;
    label.append(cb, ` ${key}`);
    box.append(label);
  }
  const out = /** @type {HTMLTextAreaElement} */ (required(root, '[data-role=share-out]'));
  const hideText = /** @type {HTMLInputElement} */ (required(root, '[data-role=share-hidetext]'));

  const stateForShare = () => {
    const s = getState();
    const hidden = new Set(s.hidden);
    for (const cb of box.querySelectorAll('input:checked')) hidden.add(/** @type {HTMLInputElement} */ (cb).value);
    return { ...s, view: { ...s.view, hideText: hideText.checked || s.view.hideText }, hidden };
  };
  /** @param {string} text */
  const copy = async (text) => {
    out.value = text;
    out.select();
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false; // clipboard refused (permissions): the text stays selected in the box to copy by hand
    }
  };
  required(root, '[data-action=copy-link]').addEventListener('click', () =>
    copy(shareLink(where.pageUrl(), stateForShare())));
  required(root, '[data-action=copy-embed]').addEventListener('click', () =>
    copy(embedSnippet(where.moduleUrl, stateForShare())));
}
