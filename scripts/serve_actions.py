"""`rasa run actions`, without the libraries' deprecation notices (scripts/quiet.py)."""
import sys
from pathlib import Path

import quiet  # noqa: F401
from rasa_sdk.__main__ import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's packages (actions/)

if __name__ == "__main__":
    sys.exit(main())
