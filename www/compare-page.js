/**
 * The styles of the comparison page (www/compare.html), adopted as a
 * constructable style sheet so that the page needs no inline `<style>` under
 * its Content-Security-Policy (`style-src 'self'`).
 */
const PAGE_CSS = `
html, body { margin: 0; background: #fff; }
body { font: 16px/1.6 Georgia, "Times New Roman", serif; color: #222; }
main { max-width: 1300px; margin: 0 auto; padding: 12px 16px 32px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 8px 0; }
h2 { font-size: 1.2rem; margin: 24px 0 4px; }
p, li { max-width: 75ch; }
code { font-size: 14px; overflow-wrap: anywhere; }
pre { overflow-x: auto; background: #f6f7f9; padding: 8px 10px; border-radius: 6px; font-size: 13px; }
rnn-compare { margin: 12px 0; border: 1px solid #ddd; border-radius: 8px; }
@media (max-width: 480px) { main { padding: 8px; } body { font-size: 15px; } }
`;

const sheet = new CSSStyleSheet();
sheet.replaceSync(PAGE_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
