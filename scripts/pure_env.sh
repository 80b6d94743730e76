#!/usr/bin/env bash
# A second, small virtualenv with only what the recommendation module needs,
# proving it imports and passes its tests without Rasa.
set -euo pipefail
cd "$(dirname "$0")/.."
pins=$(grep -iE '^(pyyaml|pytest|hypothesis|iniconfig|pluggy|packaging|exceptiongroup|tomli|attrs|sortedcontainers|pyparsing|pygments|typing_extensions)==' requirements.txt)
want=$(echo "$pins" | sha256sum | cut -c1-16)
if [ "$(cat .venv-pure/.requirements 2>/dev/null)" != "$want" ]; then
  rm -rf .venv-pure
  "$(.venv/bin/python -c 'import sys; print(sys._base_executable)')" -m venv .venv-pure
  echo "$pins" | .venv-pure/bin/python -m pip install --disable-pip-version-check -q -r /dev/stdin
  echo "$want" > .venv-pure/.requirements
fi
