"""`rasa ...` with two protections of the HTTP API that Rasa's CLI lacks.

- The token comes from RASA_AUTH_TOKEN. Rasa only takes it as `--auth-token`
  on its command line, where `ps` shows it to every local user; this adds it
  inside the process instead.
- Due check-ins are delivered from here (checkins/scheduler.py), so every
  server - `make run`, each replica, the compose stack - starts its own.
- Requests to the HTTP API whose Host header is not one of the server's own
  names (127.0.0.1, localhost and RASA_ALLOWED_HOSTS, with any port) are
  refused with 421, so a web page cannot reach the API through DNS rebinding.
  The channels' webhooks (/webhooks/, /socket.io/) are for the outside world
  and keep working behind any public name.
"""
import asyncio
import contextlib
import os
import sys

import quiet  # noqa: F401 - first: no deprecation notices from the libraries
import rasa.server
from rasa.__main__ import main
from sanic import response

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the project's packages
from checkins.scheduler import Scheduler  # noqa: E402
from checkins.store import configured_store  # noqa: E402

PUBLIC_PREFIXES = ("/webhooks/", "/socket.io/")


def allowed_hosts() -> set:
    extra = os.environ.get("RASA_ALLOWED_HOSTS", "").split()
    return {"127.0.0.1", "localhost", "[::1]", *extra}


def refuse_foreign_hosts(app) -> None:
    hosts = allowed_hosts()

    @app.middleware("request")
    async def check_host(request):
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        host = (request.headers.get("host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in hosts:
            return response.json({"error": "This server does not answer to that host name."}, status=421)
        return None


def deliver_checkins(app) -> None:
    running = []

    @app.listener("after_server_start")
    async def start_scheduler(app, loop):
        store = configured_store()
        if store is None:
            return
        rasa_url = os.environ.get("CHECKIN_RASA_URL", "http://127.0.0.1:5005")
        running.append(loop.create_task(Scheduler(store, rasa_url, os.environ.get("RASA_AUTH_TOKEN", "")).run_forever()))

    # Sanic does not cancel its tasks on stop ("Task was destroyed but it is pending!").
    @app.listener("before_server_stop")
    async def stop_scheduler(app, _):
        for task in running:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _create_app_with_host_check(create_app):
    def create_app_checked(*args, **kwargs):
        app = create_app(*args, **kwargs)
        refuse_foreign_hosts(app)
        deliver_checkins(app)
        return app

    return create_app_checked


if __name__ == "__main__":
    token = os.environ.get("RASA_AUTH_TOKEN")
    if token:
        sys.argv += [f"--auth-token={token}"]  # one argument: a token may start with "-"
    sys.argv[0] = "rasa"
    rasa.server.create_app = _create_app_with_host_check(rasa.server.create_app)
    main()
