// Vite build of the static site: relative paths (works from any host and
// sub-path), the playground page, the embed example, the cell comparison, the tutorial, the text model page,
// and the element module
// at a stable name (dist/rnn-playground.js) for other sites to embed.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        embed: resolve(import.meta.dirname, 'www/embed-example.html'),
        compare: resolve(import.meta.dirname, 'www/compare.html'),
        tutorial: resolve(import.meta.dirname, 'www/tutorial.html'),
        text: resolve(import.meta.dirname, 'www/text.html'),
        'rnn-playground': resolve(import.meta.dirname, 'www/rnn-playground.js'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'rnn-playground' ? '[name].js' : 'assets/[name]-[hash].js'),
      },
      preserveEntrySignatures: 'exports-only',
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
