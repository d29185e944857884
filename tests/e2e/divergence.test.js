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

// The rollback: a model trained one epoch at a sane rate (M1) is loaded into a page set to the
// diverging rate, so the run starts from M1. It diverges in its first epoch; the page offers to
// roll back to the model from before the run (the last point before the epoch that went wrong,
// www/rollback.js; which point is chosen over several epochs is tests/unit/rollback.test.js).
// With the rate lowered first, the button builds a model with the new rate and puts M1's weights
// in it (a rebuild alone would give the seed's initial weights, which the test tells apart):
// predictions are finite and Train trains normally again.
test('after a divergence a button rolls back to the checkpoint from before the diverging epoch, and Train works again', async () => {
  const sane = await openPage(b.context, `${b.url}#dataset=sine&epochs=1&hidden=8&window=12&lr=0.01&clip=0&optimizer=adam`);
  await waitReady(sane.page);
  const m1 = await sane.page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    await el.train();
    return (await el.exportModel('json')).text();
  });
  await sane.page.close();
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&epochs=3&hidden=8&window=12&lr=3e38&clip=0&optimizer=adam`);
  await waitReady(page);
  const weightsOf = (json) => Object.values(JSON.parse(json).weights).flatMap((t) => t.data);
  const diverged = await page.evaluate(async (file) => {
    const el = document.querySelector('rnn-playground');
    const init = await (await el.exportModel('json')).text();
    await el.importModel(new TextEncoder().encode(file));
    let stop = null;
    let message = null;
    try {
      stop = (await el.train()).stop_reason;
    } catch (err) {
      message = err.message;
    }
    const notice = el.shadowRoot.querySelector('[data-role=notice]');
    return {
      stop, message, offer: notice.querySelector('[data-role=rollback-offer]')?.textContent ?? null,
      button: !!notice.querySelector('button[data-role=rollback]'), visible: !notice.hidden,
      kept: await (await el.exportModel('json')).text(), init,
    };
  }, m1);
  assert.ok(diverged.stop === 'diverged' || /training diverged in epoch 1 /.test(diverged.message ?? ''), JSON.stringify(diverged.stop ?? diverged.message));
  assert.ok(diverged.button && diverged.visible, 'the notice offers the rollback');
  assert.match(diverged.offer, /^Roll back to the model from before this run, before the loss went wrong\?/);
  const m1Weights = weightsOf(m1);
  const kept = weightsOf(diverged.kept);
  assert.equal(kept.length, m1Weights.length);
  assert.ok(kept.every(Number.isFinite), 'the kept weights are finite');
  assert.ok(weightsOf(diverged.init).some((w, k) => w !== m1Weights[k]), 'a fresh model\'s weights are not M1\'s');
  // Lower the rate, then roll back: M1's weights on a model built with lr 0.01.
  const rolled = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    location.hash = '#dataset=sine&epochs=3&hidden=8&window=12&lr=0.01&clip=0&optimizer=adam'; // the settings follow the hash
    await new Promise((resolve) => {
      const check = () => (el.state.config.lr === 0.01 ? resolve() : requestAnimationFrame(check));
      check();
    });
    const notice = el.shadowRoot.querySelector('[data-role=notice]');
    const done = new Promise((resolve) => {
      new MutationObserver((_, obs) => {
        if (/^Rolled back/.test(notice.textContent)) { obs.disconnect(); resolve(); }
      }).observe(notice, { childList: true, characterData: true, subtree: true });
    });
    notice.querySelector('button[data-role=rollback]').click();
    await done;
    const file = await (await el.exportModel('json')).text();
    const preds = el.predictions.predicted;
    return { notice: notice.textContent, file, finite: preds.length > 0 && preds.every(Number.isFinite), lifecycle: el.lifecycle };
  });
  assert.match(rolled.notice, /^Rolled back to the model from before this run\./);
  assert.deepEqual(weightsOf(rolled.file), m1Weights, 'the weights are M1\'s, bit for bit');
  assert.ok(Math.abs(JSON.parse(rolled.file).training.config.lr - 0.01) < 1e-9, 'the lowered rate applies');
  assert.ok(rolled.finite, 'finite predictions after the rollback');
  assert.deepEqual([rolled.lifecycle.model, rolled.lifecycle.modelStale, rolled.lifecycle.dataStale], ['fresh', false, false],
    'Train trains the rolled-back model (it builds no new one)');
  const again = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const m = await el.train();
    return { stop: m.stop_reason, epochs: m.epochs_run, rmse: m.test_rmse, finite: el.predictions.predicted.every(Number.isFinite),
      lr: JSON.parse(await (await el.exportModel('json')).text()).training.config.lr };
  });
  assert.equal(again.stop, 'epochs');
  assert.ok(Math.abs(again.lr - 0.01) < 1e-9, `trained at the lowered rate: ${again.lr}`);
  assert.ok(Number.isFinite(again.rmse) && again.finite, `Train works again: ${JSON.stringify(again)}`);
  assert.deepEqual(problems, []);
  await page.close();
});
