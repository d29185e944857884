/**
 * The element's input side: buttons, keys, the settings form, drag and drop
 * and the share panel, wired to the actions the element passes in. Nothing
 * here decides what an action does.
 */
import { FIELD_BY_KEY } from './config.js';
import { zoomBy, panBy, resetZoom } from './charts/zoom-pan.js';
import { wireDataInput } from './data-input.js';
import { wireSharePanel } from './share-panel.js';
import { required } from './template.js';
import { openSections } from './sections.js';

/**
 * The site's root URL: this module lives one folder down, in `www/` (dev) or
 * `assets/` (build). A variable keeps the bundler from treating it as an asset.
 */
const UP = '../';
const SITE_ROOT = new URL(UP, import.meta.url).href;

/**
 * What the inputs do: the element's actions.
 * @typedef {object} UiActions
 * @property {() => void} trainButton   Train, Pause or Resume, as the button says
 * @property {() => void} step
 * @property {() => void} stop
 * @property {() => void} reset
 * @property {() => void} dismissError
 * @property {(format: 'json'|'safetensors') => void} download
 * @property {(file: Blob) => void} importModel
 * @property {(text: string, name: string) => void} loadCsv
 * @property {(message: string) => void} showError
 * @property {() => void} forecast
 * @property {(spec: string, label: string) => void} freeze     a fine-tuning choice was picked
 * @property {(input: HTMLInputElement|HTMLSelectElement) => void} control  a settings control changed
 * @property {() => import('uplot')} predictionPlot   the prediction chart, for zoom and pan
 * @property {() => import('./url-state.js').PageState} shareState  the settings the share panel links to
 * @property {() => boolean} syncsHash  the element keeps its settings in the page's URL
 * @property {(open: Set<string>) => void} sections  a settings section was opened or closed
 * @property {(name: string) => void} lesson  a lesson was picked from the menu
 */

/**
 * Wires every input under `root` (the element's shadow root) to `actions`.
 * @param {ShadowRoot} root
 * @param {UiActions} actions
 */
export function wireUi(root, actions) {
  /** @type {(selector: string) => HTMLElement} */
  const $ = (selector) => required(root, selector);
  /** @param {string} action @param {() => void} fn */
  const on = (action, fn) => $(`[data-action=${action}]`).addEventListener('click', fn);
  on('train', actions.trainButton);
  on('step', actions.step);
  on('stop', actions.stop);
  on('reset', actions.reset);
  on('dismiss-error', actions.dismissError);
  on('export-json', () => actions.download('json'));
  on('export-safetensors', () => actions.download('safetensors'));
  on('pick-model', () => $('[data-role=import-file]').click());
  on('pick-csv', () => $('[data-role=csv-file]').click());
  on('forecast', actions.forecast);
  on('zoom-in', () => zoomBy(actions.predictionPlot(), 0.5));
  on('zoom-out', () => zoomBy(actions.predictionPlot(), 2));
  on('pan-left', () => panBy(actions.predictionPlot(), -0.25));
  on('pan-right', () => panBy(actions.predictionPlot(), 0.25));
  on('zoom-reset', () => resetZoom(actions.predictionPlot()));
  $('[data-role=prediction-chart]').addEventListener('keydown', (e) => {
    const plot = actions.predictionPlot();
    /** @type {Record<string, () => void>} */
    const keys = {
      ArrowLeft: () => panBy(plot, -0.1), ArrowRight: () => panBy(plot, 0.1), '+': () => zoomBy(plot, 0.5),
      '=': () => zoomBy(plot, 0.5), '-': () => zoomBy(plot, 2), 0: () => resetZoom(plot),
    };
    const act = keys[e.key];
    if (act) { e.preventDefault(); act(); }
  });
  const importInput = /** @type {HTMLInputElement} */ ($('[data-role=import-file]'));
  importInput.addEventListener('change', () => {
    const f = importInput.files?.[0];
    importInput.value = '';
    if (f) actions.importModel(f);
  });
  const freeze = /** @type {HTMLSelectElement} */ ($('[data-role=freeze]'));
  freeze.addEventListener('change', () => actions.freeze(freeze.value, freeze.selectedOptions[0]?.textContent ?? freeze.value));
  $('[data-role=settings]').addEventListener('change', (e) => {
    const target = /** @type {HTMLInputElement|HTMLSelectElement} */ (e.target);
    if (target.name && FIELD_BY_KEY.has(target.name)) actions.control(target);
  });
  // `toggle` does not bubble: listen in the capture phase for every section.
  root.addEventListener('toggle', (e) => {
    if (e.target instanceof HTMLDetailsElement && e.target.dataset.section) actions.sections(openSections(root));
  }, true);
  const lessons = /** @type {HTMLSelectElement} */ ($('[data-role=lessons]'));
  lessons.addEventListener('change', () => {
    const name = lessons.value;
    lessons.value = '';
    if (name) actions.lesson(name);
  });
  wireDataInput({
    fileInput: /** @type {HTMLInputElement} */ ($('[data-role=csv-file]')), dropZone: $('.app'),
    pasteBox: /** @type {HTMLTextAreaElement} */ ($('[data-role=paste-box]')),
    pasteButton: /** @type {HTMLButtonElement} */ ($('[data-role=paste-button]')),
  }, actions.loadCsv, actions.showError, actions.importModel);
  wireSharePanel(root, actions.shareState, {
    pageUrl: () => (actions.syncsHash() ? location.href : SITE_ROOT),
    moduleUrl: `${SITE_ROOT}rnn-playground.js`,
  });
}
