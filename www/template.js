/**
 * The element's markup (full layout): the essential settings in view, the rest in
 * collapsible sections (www/sections.js), the charts in the main column. The compact
 * layout hides the settings column with CSS; panels carry `data-panel` so `KEY_hide` flags can hide them.
 */
import { buildSettings } from './sections.js';
import { fillLessonMenu } from './lessons.js';

const SKELETON = `
<div class="app">
  <header>
    <h1>RNN Playground</h1>
    <span class="badge" data-role="backend" title="Which WebAssembly build runs">loading wasm…</span>
    <p class="prose">Train a recurrent network (RNN, LSTM or GRU) on a time series, right here: the model is
      WebAssembly running in a background worker, and your data never leaves this browser. Every prediction is
      compared with naive baselines such as persistence ("tomorrow equals today").</p>
    <div class="lessons" data-panel="lessons">
      <label for="lesson-menu">Lessons</label>
      <select id="lesson-menu" data-role="lessons"><option value="">Open a lesson…</option></select>
    </div>
  </header>
  <div class="toolbar" role="toolbar" aria-label="Training controls" data-panel="controls">
    <button class="primary" data-action="train">Train</button>
    <button data-action="step" data-panel="step" title="Train one epoch, then pause">Step</button>
    <button data-action="backtest" disabled title="Rolling-origin backtest of the current settings (Training: Backtest folds)">Backtest</button>
    <button data-action="stop" disabled>Stop</button>
    <button data-action="reset" data-panel="reset" title="A fresh model with the current settings">Reset</button>
    <span class="status" role="status" aria-live="polite" data-role="status">Starting…</span>
  </div>
  <div class="notice" data-role="notice" role="status" hidden></div>
  <div class="error" data-role="error" role="alert" hidden><span class="msg"></span>
    <button data-action="dismiss-error" aria-label="Dismiss the error">×</button></div>
  <div class="layout">
    <div class="settings" data-role="settings">
      <div data-role="settings-slot"></div>
      <section class="panel" data-panel="files" aria-labelledby="files-h">
        <h2 id="files-h">Model file</h2>
        <p class="prose">Download the trained model as JSON or as PyTorch-named safetensors, or load one to predict
          or fine-tune on the current data.</p>
        <div class="row">
          <button data-action="export-json">Download JSON</button>
          <button data-action="export-safetensors">Download safetensors</button>
        </div>
        <div class="row">
          <button data-action="pick-model">Load model…</button>
          <input type="file" accept=".json,.safetensors,application/json" data-role="import-file" hidden
            aria-label="Model file">
        </div>
        <div class="field" data-key="freeze">
          <label for="freeze">Fine-tune</label>
          <select id="freeze" data-role="freeze">
            <option value="none">all weights</option>
            <option value="recurrent">head only (freeze recurrent layers)</option>
          </select>
        </div>
      </section>
      <section class="panel" data-panel="share" aria-labelledby="share-h">
        <details data-role="share">
          <summary id="share-h">Share &amp; embed</summary>
          <p class="prose">The link holds every setting (not uploaded data). Tick what a learner should not see,
            then copy the link or the embed code.</p>
          <div class="field field-bool"><input type="checkbox" id="share-hidetext" data-role="share-hidetext">
            <label for="share-hidetext">Hide explanatory text</label></div>
          <fieldset class="share-hide" data-role="share-hide"><legend>Hide controls</legend></fieldset>
          <div class="row">
            <button data-action="copy-link">Copy link</button>
            <button data-action="copy-embed">Copy embed code</button>
          </div>
          <label for="share-out" class="muted">Link / embed code</label>
          <textarea id="share-out" data-role="share-out" readonly></textarea>
        </details>
      </section>
    </div>
    <div class="results">
      <div class="chart" data-panel="loss_chart" data-role="loss-chart"></div>
      <div data-panel="prediction_chart">
        <div class="chart" data-role="prediction-chart" tabindex="0"
          aria-label="Prediction chart: arrow keys pan, plus and minus zoom, 0 shows everything"></div>
        <div class="chart-tools" role="group" aria-label="Prediction chart zoom">
          <button data-action="zoom-in" aria-label="Zoom in">+</button>
          <button data-action="zoom-out" aria-label="Zoom out">−</button>
          <button data-action="pan-left" aria-label="Pan left">◀</button>
          <button data-action="pan-right" aria-label="Pan right">▶</button>
          <button data-action="zoom-reset">Show all</button>
          <button data-action="forecast">Forecast</button>
        </div>
      </div>
      <section class="panel" data-panel="metrics" aria-labelledby="metrics-h">
        <h2 id="metrics-h">Model vs naive baselines</h2>
        <p class="result-sentence" data-role="result-sentence" hidden></p>
        <p class="result-sentence" data-role="backtest-sentence" hidden></p>
        <p class="best-epoch muted" data-role="best-epoch" hidden></p>
        <div class="metrics-wrap" data-role="metrics"></div>
      </section>
      <section class="panel" data-panel="backtest_chart" data-role="backtest-panel" aria-labelledby="backtest-h" hidden>
        <h2 id="backtest-h">Backtest</h2>
        <div class="chart" data-role="backtest-chart"></div>
        <div class="metrics-wrap" data-role="backtest-table"></div>
      </section>
      <section class="panel inspect" data-panel="inspect" data-role="inspect-section">
        <details open data-role="inspect-details">
          <summary id="inspect-h">Inside the network</summary>
          <div data-role="inspect-panel"></div>
        </details>
      </section>
    </div>
  </div>
</div>`;

const DATA_EXTRA = `
<div class="source" data-place="essentials" data-role="source" aria-live="polite">No data yet</div>
<div class="chart" data-place="essentials" data-panel="preview" data-role="preview-chart" aria-label="Preview of the loaded column"></div>
<div class="drop" data-place="essentials" data-panel="upload" data-role="drop">
  <div class="row">
    <button data-action="pick-csv">Upload CSV…</button>
    <input type="file" accept=".csv,text/csv,text/plain" data-role="csv-file" hidden aria-label="CSV file">
    <span class="muted prose">or drop a CSV (or a model file) anywhere on the playground</span>
  </div>
</div>
<div data-panel="paste">
  <label for="paste-box">Paste CSV</label>
  <textarea id="paste-box" data-role="paste-box" placeholder="date,close&#10;2024-01-02,101.5&#10;…"></textarea>
  <div class="row"><button data-action="load-paste" data-role="paste-button">Load pasted data</button></div>
</div>`;

/**
 * The first element matching `selector` under `root`; the template always has
 * it, so a miss is a bug in the template and fails loudly. The template holds
 * HTML elements only; the caller names which kind (`T`), as querySelector can
 * only say `Element` for a selector that is not a bare tag name.
 * @template {Element} [T=HTMLElement]
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {T}
 */
export function required(root, selector) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`<rnn-playground>: the template has no ${selector}`);
  return /** @type {T} */ (/** @type {unknown} */ (el));
}

/**
 * The closed sections' content is not rendered at all. By default a closed `<details>` only
 * skips its content (`content-visibility: hidden`), and whatever asks whether a control in it is
 * visible forces a style and layout pass over that content: Chromium's autofill does, for every
 * closed section, shortly after the controls appear (one main-thread task of 30 ms at start-up).
 */
const CLOSED_CONTENT_CSS = 'details:not([open])::details-content { display: none; }';

/** @type {CSSStyleSheet|null} made once, shared by every element */
let closedContentSheet = null;

/**
 * Adopts {@link CLOSED_CONTENT_CSS} into `root` (where constructed stylesheets exist; elsewhere
 * closed sections keep the default, which differs only in speed).
 * @param {ShadowRoot} root
 */
function adoptClosedContentStyle(root) {
  if (!('adoptedStyleSheets' in root) || typeof CSSStyleSheet.prototype.replaceSync !== 'function') return;
  if (!closedContentSheet) {
    closedContentSheet = new CSSStyleSheet();
    closedContentSheet.replaceSync(CLOSED_CONTENT_CSS);
  }
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, closedContentSheet];
}

/**
 * Fills `root` (a shadow root) with the layout and the generated controls.
 * @param {ShadowRoot} root
 */
export function renderTemplate(root) {
  adoptClosedContentStyle(root);
  const doc = root.ownerDocument;
  const holder = doc.createElement('div');
  holder.innerHTML = SKELETON;
  root.append(...holder.childNodes);
  const extra = doc.createElement('div');
  extra.innerHTML = DATA_EXTRA;
  required(root, '[data-role=settings-slot]').replaceWith(...buildSettings(doc, extra));
  fillLessonMenu(required(root, '[data-role=lessons]'));
  const hint = doc.createElement('small');
  hint.className = 'help hint';
  hint.dataset.role = 'transform-hint';
  hint.hidden = true;
  required(root, '.field[data-key=transform]').append(hint);
}
