// A small static file server for dist/ (the README's serve command and the
// end-to-end tests). Listens on 127.0.0.1 only; serves .wasm as application/wasm.
//   node scripts/static-server.js DIR [PORT] [--csp]
// --csp (or the `headers` option) sends the strict Content-Security-Policy below on every
// response, as a host that sets it would (tests/e2e/csp.test.js).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

/** The policy the playground must work under: no inline script or style, no eval, same origin only. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'";

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port); `headers` go on every response
 * (also on a 404), `cors` adds `access-control-allow-origin: *`.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export function startServer(dir, port = 0, { cors = false, headers: extra = {} } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const headers = { ...extra, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (cors) headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(body);
    } catch (err) {
      res.writeHead(err.code === 'ENOENT' || err.code === 'ENOTDIR' ? 404 : 500, { ...extra, 'content-type': 'text/plain' });
      res.end(err.code === 'ENOENT' ? 'not found' : 'error');
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolveStart({
        url: `http://127.0.0.1:${p}/`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const csp = args.includes('--csp');
  const [dir = 'dist', port = '8080'] = args.filter((a) => a !== '--csp');
  const headers = csp ? { 'content-security-policy': STRICT_CSP } : {};
  startServer(dir, Number(port), { headers }).then(({ url }) => console.log(`serving ${dir} at ${url}${csp ? ' (strict CSP)' : ''}`));
}
