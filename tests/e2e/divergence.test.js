// A diverging learning rate in the page (Adam, lr = 3e38, no clipping): the
// weights blow up within a step or two. Training stops at the first non-finite
// value with the trainer's message, which the page shows: it names where, says
// the weights of the last good step were kept and what to change (the rollback).
// Those weights are still there: every exported weight is finite. (At this rate
// they are huge, so evaluating them overflows: the run's error then says both
// what diverged and that the evaluation failed, instead of only the latter.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('a diverging learning rate stops on the first non-finite value, says so and keeps finite weights', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&epochs=5&hidden=8&window=12&lr=3e38&clip=0&optimizer=adam`);
  await waitReady(page);
  const out = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    let message = null;
    let stop = null;
    try {
      stop = (await el.train()).stop_reason;
    } catch (err) {
      message = err.message;
    }
    const shown = el.shadowRoot.querySelector('[data-role=error] .msg')?.textContent ?? '';
    const notice = el.shadowRoot.querySelector('[data-role=notice]').textContent;
    const kept = JSON.parse(await (await el.exportModel('json')).text());
    const weights = Object.values(kept.weights).flatMap((t) => t.data);
    return {
      stop, message, shown, notice, lr: kept.training.config.lr, phase: el.dataset.phase,
      weights: weights.length, finite: weights.every((v) => typeof v === 'number' && Number.isFinite(v)),
    };
  });
  assert.ok(Math.abs(out.lr / 3e38 - 1) < 1e-6, `the settings' lr: ${out.lr}`);
  const said = /training diverged in epoch 1 batch \d+: .+; kept the weights of the last good step \(try a lower lr or clip\)/;
  // Either the kept weights evaluate (the run ends as diverged, the notice says why), or, as at
  // this rate, they are so large that the outputs overflow: then the run's error says both.
  if (out.stop) {
    assert.equal(out.stop, 'diverged');
    assert.match(out.notice, said);
  } else {
    assert.match(out.message, new RegExp(`${said.source}; evaluating those weights failed: forecast: the model returned -?inf at step \\d+$`));
    assert.equal(out.shown, out.message, 'the page shows the message');
  }
  assert.ok((out.message ?? out.notice).length < 400, 'a short message');
  assert.equal(out.phase, 'idle');
  assert.ok(out.weights > 100 && out.finite, 'every kept weight is finite');
  assert.deepEqual(problems, []);
  await page.close();
});
