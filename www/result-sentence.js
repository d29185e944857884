/**
 * What a finished run means, in words: one sentence on the skill against
 * persistence ("tomorrow = today"), one on which epoch's weights the metrics
 * come from, and the transform hint for price series. Pure functions of the
 * metrics object and the settings, so tests/unit/result-sentence.test.js can
 * check every rule.
 */

import { metricRows } from './metrics-table.js';

/** Skill within ±TIE of 0 is a tie with persistence. */
export const TIE = 0.05;
/** Skill at or above CLEAR_WIN is a clear win. */
export const CLEAR_WIN = 0.2;

/** Datasets whose values are prices (or a random walk like them): persistence is hard to beat. */
const PRICE_SERIES = new Set(['sp500', 'stocks', 'random_walk']);

/**
 * True when the settings name a price-like series.
 * @param {Record<string, any>} config
 */
export function isPriceSeries(config) {
  return PRICE_SERIES.has(String(config.dataset));
}

/**
 * A percentage of persistence's test RMSE, as the sentence writes it (one decimal below 10 % and
 * between 99 and 100 %, so 99.8 % is not rounded to 100 %).
 * @param {number} skill
 */
function percent(skill) {
  const p = Math.abs(skill) * 100;
  return `${p < 10 || (p > 99 && p < 100) ? p.toFixed(1) : Math.round(p)} %`;
}

/**
 * The signed skill as the sentence writes it.
 * @param {number} skill
 */
function signed(skill) {
  return `${skill >= 0 ? '+' : '−'}${Math.abs(skill).toFixed(3)}`;
}

/**
 * @typedef {object} ResultSentence
 * @property {'win'|'tie'|'loss'} tone  how the model did against persistence
 * @property {string} text
 */

/**
 * The sentence under the metrics: what the skill means for this series.
 * `null` before a run (no skill).
 * @param {Record<string, any>|null} metrics  the metrics object (`skill` = 1 − RMSE / persistence RMSE on test)
 * @param {Record<string, any>} config  the settings the model was trained with
 * @returns {ResultSentence|null}
 */
export function resultSentence(metrics, config) {
  const skill = metrics?.skill;
  if (typeof skill !== 'number' || !Number.isFinite(skill)) return null;
  const prices = isPriceSeries(config);
  if (Math.abs(skill) < TIE) {
    const walk = config.dataset === 'random_walk'
      ? 'this series is a random walk, where "tomorrow = today" is the best forecast there is.'
      : 'stock prices are close to a random walk, so "tomorrow = today" is hard to beat.';
    const text = prices
      ? `A tie with persistence (skill ${signed(skill)}): ${walk}`
      : `A tie with persistence (skill ${signed(skill)}): the model forecasts about as well as ` +
        '"tomorrow = today"; try a longer window, more epochs or another transform.';
    return { tone: 'tie', text };
  }
  if (skill > 0) {
    const how = skill >= CLEAR_WIN ? 'A clear win' : 'A small win';
    const rival = bestOtherBaseline(metrics ?? {});
    const lead = `${how} over persistence (skill ${signed(skill)}): the model's test error is ${percent(skill)} ` +
      'below that of "tomorrow = today"';
    if (rival && rival.skill >= skill - TIE) {
      return {
        tone: 'tie',
        text: `${lead}, but the ${rival.label.toLowerCase()} does about as well (skill ${signed(rival.skill)}), ` +
          'so the model has learnt little more than that simple rule.',
      };
    }
    return { tone: 'win', text: `${lead}, so it has learnt something the last value alone does not tell.` };
  }
  let hint = 'Try transform = diff, a smaller learning rate or early stopping.';
  if (config.transform === 'none') {
    hint = 'It models the raw levels: with transform = diff (differences) it learns the changes instead.';
  } else if (prices && config.transform !== 'logret') {
    hint = 'For prices, transform = logret (log returns) is the usual choice.';
  }
  return {
    tone: 'loss',
    text: `A loss to persistence (skill ${signed(skill)}): "tomorrow = today" forecasts the test range ` +
      `${percent(skill)} better than the model. ${hint}`,
  };
}

/**
 * The naive baseline other than persistence with the best test skill, if any has one.
 * @param {Record<string, any>} metrics
 * @returns {{label: string, skill: number}|null}
 */
function bestOtherBaseline(metrics) {
  let best = null;
  for (const r of metricRows(metrics)) {
    if (r.name === 'model' || r.name === 'persistence' || r.skill === null || !Number.isFinite(r.skill)) continue;
    if (!best || r.skill > best.skill) best = { label: r.label, skill: r.skill };
  }
  return best;
}

/**
 * Which epoch's weights the metrics come from, as the CLI prints it too
 * (`best_epoch_line` in src/bin/cli/report.rs): "best validation loss at epoch
 * 3 of 12 (weights restored)" when early stopping tracked the validation loss,
 * else "weights of the last epoch (12)"; `null` when the run holds no epoch's
 * weights (a divergence, or no training yet).
 * @param {Record<string, any>|null} metrics  with `best_epoch`, `epochs_run`, `val_rmse`
 * @param {Record<string, any>} config  with `patience`
 * @returns {string|null}
 */
export function bestEpochText(metrics, config) {
  const best = metrics?.best_epoch;
  if (typeof best !== 'number') return null;
  const tracked = Number(config.patience) > 0 && typeof metrics?.val_rmse === 'number';
  if (!tracked) return `weights of the last epoch (${best})`;
  const of = metrics?.epochs_run ?? best;
  return best < of
    ? `best validation loss at epoch ${best} of ${of} (weights restored)`
    : `best validation loss at epoch ${best} of ${of} (the last epoch)`;
}

/**
 * The hint beside the transform control: for a price series not modelled as
 * log returns, suggest them; otherwise nothing.
 * @param {Record<string, any>} config
 * @returns {string|null}
 */
export function transformHint(config) {
  if (!isPriceSeries(config) || config.transform === 'logret') return null;
  return 'Prices: try transform = logret (log returns), the relative day-to-day change.';
}
