/**
 * The covariate picker (`features`, issue 15): a checkbox per numeric column of the loaded data
 * other than the target. The settings form's `features` text control (built from the field
 * table, one comma-separated string) stays the value the element reads, the URL carries and an
 * attribute sets; ticking a box rewrites that control and sends it a `change` event, exactly as
 * typing into it would.
 */

/**
 * The feature names a `features` value holds (comma-separated, blanks dropped).
 * @param {string} value
 * @returns {string[]}
 */
export function parseFeatures(value) {
  return String(value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The columns the picker offers: the numeric ones other than the target, in data order.
 * @param {string[]} numericColumns
 * @param {string} target
 * @returns {string[]}
 */
export function featureChoices(numericColumns, target) {
  const t = target.toLowerCase();
  return numericColumns.filter((c) => c.toLowerCase() !== t);
}

/**
 * Shows a checkbox list of `featureChoices(numericColumns, target)` under the `features`
 * control in `root`, ticked as that control's value says. Does nothing without the control.
 * @param {ParentNode} root
 * @param {string[]} numericColumns  the loaded data's numeric columns (DataSummary.numeric_columns)
 * @param {string} target            the value column
 */
export function setFeatureChoices(root, numericColumns, target) {
  const input = root.querySelector('input[name="features"]');
  if (!(input instanceof HTMLInputElement)) return;
  const doc = input.ownerDocument;
  const wrap = input.closest('.field') ?? input.parentElement;
  if (!wrap) return;
  let list = wrap.querySelector('[data-role=feature-list]');
  if (!list) {
    list = doc.createElement('div');
    list.setAttribute('data-role', 'feature-list');
    list.setAttribute('role', 'group');
    list.setAttribute('aria-label', 'Feature columns');
    list.className = 'feature-list';
    wrap.append(list);
  }
  const chosen = parseFeatures(input.value).map((f) => f.toLowerCase());
  const choices = featureChoices(numericColumns, target);
  list.replaceChildren(...choices.map((column) => {
    const label = doc.createElement('label');
    const box = doc.createElement('input');
    box.type = 'checkbox';
    box.value = column;
    box.dataset.feature = column;
    box.checked = chosen.includes(column.toLowerCase());
    box.addEventListener('change', (e) => {
      e.stopPropagation(); // the settings form hears the `features` control instead
      const ticked = [...list.querySelectorAll('input[data-feature]')]
        .filter((b) => b instanceof HTMLInputElement && b.checked)
        .map((b) => /** @type {HTMLInputElement} */ (b).value);
      input.value = ticked.join(',');
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    label.append(box, ` ${column}`);
    return label;
  }));
  /** @type {HTMLElement} */ (list).hidden = choices.length === 0;
}
