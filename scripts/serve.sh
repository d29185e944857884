#!/usr/bin/env bash
# THE main command: installs what is missing, builds both wasm variants and
# the front end, then serves the playground from dist/ on 127.0.0.1.
#   bash scripts/serve.sh            # port 8080 (or PORT=…)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
export PATH="$PWD/node_modules/.bin:$PATH"
npm run build
port=${PORT:-8080}
echo
echo "  rnn-playground: http://127.0.0.1:$port/"
echo "  embed example:  http://127.0.0.1:$port/www/embed-example.html"
echo "  (Ctrl-C stops the server)"
echo
exec node scripts/static-server.js dist "$port"
