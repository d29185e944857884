// Uploading CSV: a good file becomes the data; a malformed one shows the
// pipeline's error (what and where) and keeps the previous data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

function goodCsv(rows) {
  const lines = ['date,open,close'];
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const v = 100 + 10 * Math.sin(i / 7) + i * 0.1;
    lines.push(`${d},${(v - 0.5).toFixed(3)},${v.toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

test('a malformed CSV upload shows the error and keeps the previous data', async () => {
  const { page, problems } = await openPage(b.context, b.url);
  await waitReady(page);
  const input = page.locator('rnn-playground input[data-role=csv-file]');
  await input.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(goodCsv(300)) });
  await page.waitForFunction(() => document.querySelector('rnn-playground').summary?.rows === 300, null, { timeout: 30000 });
  const sourceBefore = await page.locator('rnn-playground [data-role=source]').textContent();
  assert.match(sourceBefore, /good\.csv: 300 rows/);
  const columns = await page.locator('rnn-playground select[name=column] option').allTextContents();
  assert.ok(columns.includes('close') && columns.includes('open'), `column picker: ${columns}`);

  const bad = goodCsv(300).replace(/\n(2020-01-11),([\d.]+),([\d.]+)\n/, '\n$1,$2,oops\n');
  assert.ok(bad.includes(',oops'));
  await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const error = page.locator('rnn-playground [data-role=error]');
  await error.waitFor({ state: 'visible', timeout: 30000 });
  const message = await error.locator('.msg').textContent();
  assert.match(message, /oops/, `error names the bad value: ${message}`);
  assert.match(message, /row|line/i, `error says where: ${message}`);
  const after = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return { rows: el.summary.rows, name: el.source.name, values: el.predChart.counts.actual };
  });
  assert.deepEqual(after, { rows: 300, name: 'good.csv', values: 300 });
  assert.equal(await page.locator('rnn-playground [data-role=source]').textContent(), sourceBefore);
  await shot(page, 'csv-error');

  // the JS API rejects with the same kind of message, and the data still stays
  const rejected = await page.evaluate(async (text) => {
    try {
      await document.querySelector('rnn-playground').loadCsv(text);
      return null;
    } catch (err) {
      return err.message;
    }
  }, bad);
  assert.match(rejected ?? '', /oops/);
  assert.equal(await page.evaluate(() => document.querySelector('rnn-playground').summary.rows), 300);
  // the dataset picker says the data is uploaded, and picking a dataset switches back
  assert.match(await page.locator('rnn-playground select[name=dataset] option:checked').textContent(), /Uploaded: good\.csv/);
  await page.selectOption('rnn-playground select[name=dataset]', 'sine');
  await page.waitForFunction(() => document.querySelector('rnn-playground').source?.kind === 'dataset'
    && document.querySelector('rnn-playground').dataset.phase === 'idle', null, { timeout: 30000 });
  assert.match(await page.locator('rnn-playground [data-role=source]').textContent(), /sine/);
  // the page logged no errors of its own (the error is shown, not thrown)
  assert.deepEqual(problems.filter((p) => !p.includes('oops')), []);
  await page.close();
});

test('pasted CSV text loads through the paste box', async () => {
  const { page } = await openPage(b.context, b.url);
  await waitReady(page);
  await page.click('rnn-playground details[data-section=data] > summary'); // the paste box is in the Data section
  await page.fill('rnn-playground textarea[data-role=paste-box]', goodCsv(120));
  await page.click('rnn-playground [data-action=load-paste]');
  await page.waitForFunction(() => document.querySelector('rnn-playground').summary?.rows === 120, null, { timeout: 30000 });
  assert.match(await page.locator('rnn-playground [data-role=source]').textContent(), /pasted text: 120 rows/);
  await page.close();
});
