#!/usr/bin/env bash
# Prints the path of a working Python 3.8-3.10 (Rasa 3.6 refuses newer ones).
# Order: $PYTHON, real interpreters on PATH, then pyenv's installed versions.
set -u

works() {
  "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
  if works "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.8-3.10 interpreter." >&2
  exit 1
fi

for name in python3.10 python3.9 python3.8 python3 python; do
  candidate=$(command -v "$name" 2>/dev/null) || continue
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done

pyenv_root=$( (pyenv root 2>/dev/null) || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for candidate in $(ls -d "$pyenv_root"/versions/3.10.*/bin/python3.10 "$pyenv_root"/versions/3.9.*/bin/python3.9 \
                    "$pyenv_root"/versions/3.8.*/bin/python3.8 2>/dev/null | sort -rV); do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done

echo "No Python 3.8-3.10 found: install Python 3.10 (for example 'pyenv install 3.10' or your system's python3.10 package), or set PYTHON=/path/to/python3.10." >&2
exit 1
