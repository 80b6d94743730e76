#!/usr/bin/env bash
# Idempotent set-up: virtualenv, Python requirements, the web widget's npm
# packages. Each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

if [ ! -x .venv/bin/python ]; then
  python=$(scripts/find_python.sh)
  echo "==> Creating .venv with $python"
  "$python" -m venv .venv
fi

want=$(stamp requirements.txt)
if [ "$(cat .venv/.requirements 2>/dev/null)" != "$want" ]; then
  echo "==> Installing Python requirements (first time: about 2-3 minutes and 2.7 GB)"
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -r requirements.txt
  echo "$want" > .venv/.requirements
fi

want=$(stamp webchat/package.json webchat/package-lock.json)
if [ "$(cat webchat/node_modules/.installed 2>/dev/null)" != "$want" ]; then
  echo "==> Installing the web widget (npm ci, about 30 seconds)"
  (cd webchat && npm ci --no-audit --no-fund)
  echo "$want" > webchat/node_modules/.installed
fi
