import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RollbackPoints, position, divergedEpoch, LOSS_RISE_FACTOR } from '../../www/rollback.js';

const BPE = 10;
/** @param {number} epoch @param {number} batch */
const at = (epoch, batch) => ({ epoch, batch, batches_per_epoch: BPE });
/** @param {number} epoch @param {number} loss */
const end = (epoch, loss) => ({ epoch, batch: BPE, batches_per_epoch: BPE, train_loss: loss });

test('positions count the batches of the run; the start is before everything', () => {
  assert.equal(position(at(1, 3)), 3);
  assert.equal(position(at(3, 10)), 30);
  assert.equal(position(null), -Infinity);
});

test('a divergence goes back to the last checkpoint before its epoch, not one inside it', () => {
  const r = new RollbackPoints();
  r.start('start');
  r.checkpoint('e1b5', at(1, 5));
  r.checkpoint('e1end', at(1, 10));
  r.epochEnds([end(1, 0.5)]);
  r.checkpoint('e2b4', at(2, 4));
  r.epochEnds([end(2, 0.4)]);
  r.checkpoint('e3b2', at(3, 2));
  r.checkpoint('e3b8', at(3, 8));
  assert.equal(r.choose(3).json, 'e2b4'); // diverged in epoch 3: the last point before it
  assert.equal(r.choose(2).json, 'e1end'); // an epoch's very end counts as before the next
  const first = new RollbackPoints();
  first.start('start');
  first.checkpoint('e1b5', at(1, 5));
  assert.equal(first.choose(1).json, 'start'); // diverged in the first epoch: the model from before the run
});

test('an epoch whose loss rose tenfold (or is not finite) is where it went wrong, even if the divergence came later', () => {
  const r = new RollbackPoints();
  r.start('start');
  r.epochEnds([end(1, 1.0)]);
  r.checkpoint('e2b5', at(2, 5));
  r.epochEnds([end(2, 0.8)]);
  r.checkpoint('e3b5', at(3, 5));
  r.epochEnds([end(3, 0.8 * LOSS_RISE_FACTOR * 1.01)]); // rose by more than 10x the best so far
  r.checkpoint('e4b5', at(4, 5)); // huge but finite weights: never a rollback point
  r.epochEnds([end(4, 1e30)]);
  assert.equal(r.choose(5).json, 'e2b5');
  // not risen: 9x the best is still fine
  const ok = new RollbackPoints();
  ok.start('start');
  ok.epochEnds([end(1, 1.0), end(2, 9.0)]);
  ok.checkpoint('e3b1', at(3, 1));
  assert.equal(ok.choose(4).json, 'e3b1');
  // a non-finite epoch loss
  const nan = new RollbackPoints();
  nan.start('start');
  nan.checkpoint('e1b3', at(1, 3));
  nan.epochEnds([end(1, 2.0)]);
  nan.checkpoint('e2b3', at(2, 3));
  nan.epochEnds([end(2, NaN)]);
  assert.equal(nan.choose(4).json, 'e1b3');
});

test('only the points a choice can still pick are kept', () => {
  const r = new RollbackPoints();
  r.start('start');
  for (let e = 1; e <= 20; e++) {
    r.checkpoint(`e${e}b5`, at(e, 5));
    r.epochEnds([end(e, 1 / e)]);
  }
  assert.ok(r.points.length <= 3, `${r.points.length} points kept`);
  assert.equal(r.choose(21).json, 'e20b5');
  assert.equal(r.choose(20).json, 'e19b5');
  // no run started: nothing to go back to
  const none = new RollbackPoints();
  none.checkpoint('x', at(1, 1));
  assert.equal(none.choose(1), null);
});

test('the diverged epoch comes from the final progress or the trainer\'s message', () => {
  assert.equal(divergedEpoch({ stop_reason: 'diverged', epoch: 3 }, null), 3);
  assert.equal(divergedEpoch({ stop_reason: 'epochs', epoch: 3 }, null), null);
  assert.equal(divergedEpoch(null, 'training diverged in epoch 2 batch 7: the training loss became inf; kept …'), 2);
  assert.equal(divergedEpoch(null, 'window: 0 must be at least 1'), null);
});
