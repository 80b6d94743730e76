"""`rasa ...` with the HTTP API token taken from RASA_AUTH_TOKEN.

Rasa only takes the token as `--auth-token` on its command line, where `ps`
shows it to every local user; this adds it inside the process instead.
"""
import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    token = os.environ.get("RASA_AUTH_TOKEN")
    if token:
        sys.argv += ["--auth-token", token]
    sys.argv[0] = "rasa"
    main()
