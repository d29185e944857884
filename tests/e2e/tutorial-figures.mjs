// Not a test (node --test does not pick it up): trains the tutorial's widgets with the page's own
// settings in headless Chromium and prints the figures that www/tutorial.html quotes, so that the
// prose can be checked against what the widgets show. Needs the built site (npm run build).
//   node tests/e2e/tutorial-figures.mjs [all|rnn|gates|prices|finetune] [EPOCHS for the comparison]
// "flow" lines: grad_h_norm of the last test window, at the oldest step, the newest, their ratio,
// and at the step 30 back (the recalled value of the lag-30 series). Gate lines: per unit, the mean
// of f (LSTM) or z (GRU) over the window's steps, and the product over the 29 steps after the recall.
import { launch, openPage } from './helpers.js';
const b = await launch();
const pick = (m) => Object.fromEntries(Object.entries(m ?? {}).filter(([k, v]) => typeof v === 'number' || typeof v === 'string'));
const flowRatio = (insp) => { const g = insp.grad_h_norm[insp.grad_h_norm.length - 1]; return { oldest: g[0], newest: g[g.length - 1], ratio: g[0] / g[g.length - 1], at30: g[g.length - 30] }; };
try {
  const { page, problems, foreign } = await openPage(b.context, `${b.url}www/tutorial.html`);
  page.setDefaultTimeout(600000);
  await page.waitForFunction(() => [...document.querySelectorAll('rnn-playground, rnn-compare')].every((e) => e.dataset.phase === 'idle'), null, { timeout: 120000 });
  const only = process.argv[2] ?? 'all';
  const t0 = Date.now();
  if (only === 'all' || only === 'rnn') {
    const init = await page.evaluate(async () => document.querySelector('#rnn-lag').inspect());
    console.log('rnn init flow', flowRatio(init));
    const m = await page.evaluate(async () => document.querySelector('#rnn-lag').train());
    console.log('rnn-lag', JSON.stringify(pick(m)), (Date.now() - t0) / 1000);
    const insp = await page.evaluate(async () => document.querySelector('#rnn-lag').inspect());
    console.log('rnn trained flow', flowRatio(insp));
  }
  if (only === 'all' || only === 'gates') {
    const c = await page.evaluate(async (ep) => {
      const el = document.querySelector('#gates-lag');
      if (ep) { el.setAttribute('epochs', ep); el.setAttribute('patience', ep); }
      const init = await el.inspect();
      const r = await el.train();
      const after = await el.inspect();
      return { init, r, after };
    }, process.argv[3] ?? null);
    for (const run of c.r.runs) console.log('gates', run.label, run.cell, JSON.stringify(pick(run.metrics)), run.wall_s);
    for (const i of c.init) console.log('gates init flow', i.cell, flowRatio(i));
    for (const i of c.after) {
      console.log('gates trained flow', i.cell, flowRatio(i));
      const T = i.window; const gate = i.cell === 'lstm' ? 'f' : 'z';
      const G = i.gates[gate][0]; // [T][H]
      const H = G[0].length;
      const means = []; for (let u = 0; u < H; u++) { let s = 0; for (let t = 0; t < T; t++) s += G[t][u]; means.push(s / T); }
      let prod = []; for (let u = 0; u < H; u++) { let p = 1; for (let t = T - 29; t < T; t++) p *= G[t][u]; prod.push(p); }
      console.log(gate, 'mean over steps per unit: max', Math.max(...means).toFixed(3), 'min', Math.min(...means).toFixed(3), 'units>0.9', means.filter((x) => x > 0.9).length, 'of', H, 'best 29-step product', Math.max(...prod).toExponential(2));
    }
  }
  if (only === 'all' || only === 'prices') {
    for (const tr of ['diff', 'none']) {
      const m = await page.evaluate(async (t) => { const el = document.querySelector('#prices-lstm'); el.setAttribute('transform', t); return el.train(); }, tr);
      console.log('prices', tr, JSON.stringify(pick(m)), (Date.now() - t0) / 1000);
    }
  }
  if (only === 'all' || only === 'finetune') {
    const m = await page.evaluate(async () => document.querySelector('#pretrain').train());
    console.log('pretrain', JSON.stringify(pick(m)));
    const before = await page.evaluate(() => document.querySelector('#finetune-target').summary.notes);
    await page.click('[data-action=transfer]');
    await page.waitForFunction(() => document.querySelector('[data-role=transfer-status]').textContent.startsWith('Copied') || document.querySelector('[data-role=transfer-status]').textContent.startsWith('Could'));
    console.log('status', await page.textContent('[data-role=transfer-status]'));
    const imported = await page.evaluate(() => { const el = document.querySelector('#finetune-target'); return { m: el.metrics, state: el.dataset.state, epochs: el.state?.config?.epochs, seed: el.state?.config?.seed }; });
    console.log('imported', JSON.stringify(imported).slice(0, 800));
    const ft = await page.evaluate(async () => document.querySelector('#finetune-target').train());
    console.log('finetuned', JSON.stringify(pick(ft)));
    console.log('notes before', before, 'after', await page.evaluate(() => document.querySelector('#finetune-target').summary.notes));
    const scratch = await page.evaluate(async () => { const el = document.querySelector('#finetune-target'); await el.reset(); return el.train(); });
    console.log('scratch', JSON.stringify(pick(scratch)));
    console.log('notes scratch', await page.evaluate(() => document.querySelector('#finetune-target').summary.notes));
  }
  console.log('problems', problems, 'foreign', foreign, 'total s', (Date.now() - t0) / 1000);
} finally { await b.close(); }
