/**
 * Typesets the tutorial's equations with KaTeX (bundled from npm; its CSS and
 * fonts come in through www/tutorial.css: no network). Each `.tex` element holds its TeX source as text;
 * `data-display` makes it a display equation. `katex.render` builds the
 * output as DOM nodes and sets their styles through the CSSOM
 * (`node.style`), which a `style-src 'self'` Content-Security-Policy allows;
 * markup with `style="…"` attributes (`renderToString` + innerHTML) would be
 * blocked by it.
 */
import katex from 'katex';

/**
 * Renders every `.tex` element under `root` in place; returns how many.
 * A TeX error shows KaTeX's red source text (class `katex-error`) instead of
 * throwing, so one bad formula does not hide the rest of the page.
 * @param {ParentNode} root
 * @returns {number}
 */
export function renderEquations(root) {
  const nodes = /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('.tex'));
  for (const node of nodes) {
    const source = node.dataset.tex ?? node.textContent ?? '';
    node.dataset.tex = source;
    katex.render(source, node, { displayMode: node.hasAttribute('data-display'), throwOnError: false, output: 'htmlAndMathml' });
  }
  return nodes.length;
}
