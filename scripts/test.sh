#!/usr/bin/env bash
# Everything `make test` runs. Exits non-zero if any part fails; pytest's
# summary line comes last.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

echo "==> rasa data validate"
.venv/bin/python scripts/validate_data.py || status=1

echo "==> The recommendation module without Rasa (PyYAML, pytest and hypothesis only)"
scripts/pure_env.sh && .venv-pure/bin/python -m pytest -q -p no:cacheprovider tests/recommendation || status=1

scripts/ensure_chromium.sh || true

echo "==> pytest: actions, conversations over REST and socket.io, channels, browser, persistence, rasa test"
.venv/bin/python -m pytest tests --ignore=tests/recommendation "$@" || status=1
exit $status
