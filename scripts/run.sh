#!/usr/bin/env bash
# The one way the assistant starts - `make run`, `make shell`, the tests and the
# benchmark all come through here. Ctrl-C (or SIGTERM) stops everything it started.
#
#   scripts/run.sh                  action server, Rasa server and web page
#   scripts/run.sh actions rasa     only the parts named (a replica, or a split deployment)
#   scripts/run.sh --shell          chat in the terminal
#
# Settings come from the environment (README, "The two commands" and "Deployment").
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_HOST=${RASA_HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
WEB_PORT=${WEB_PORT:-8000}
RASA_MODEL=${RASA_MODEL:-models/leg-twitch.tar.gz}
RASA_PUBLIC_URL=${RASA_PUBLIC_URL:-http://localhost:$RASA_PORT}
export WEB_ORIGINS=${WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export TRACKER_DB=${TRACKER_DB:-$PWD/conversations.db}
# Rasa 3.6's dependencies print ~30 deprecation notices at every start; they
# are about library internals, not this assistant. RASA_LOG_LEVEL=DEBUG or an
# explicit PYTHONWARNINGS shows them again.
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning} TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
# Messaging connectors stay off while their variables are empty.
for variable in TELEGRAM_ACCESS_TOKEN TELEGRAM_BOT_USERNAME TELEGRAM_WEBHOOK_URL TELEGRAM_API_URL TELEGRAM_SECRET_TOKEN \
                SLACK_TOKEN SLACK_SIGNING_SECRET SLACK_CHANNEL SLACK_API_URL; do
  export "$variable=${!variable:-}"
done
endpoints=${RASA_ENDPOINTS:-endpoints.yml}
# The REST channel: on for the embedded default, off in production unless asked
# for - and then only with a token.
if [ "$endpoints" = "endpoints.yml" ]; then default_rest=true; else default_rest=false; fi
export REST_ENABLED=${REST_ENABLED:-$default_rest} REST_TOKEN=${REST_TOKEN:-}
if [ "$REST_ENABLED" = "true" ] && [ "$endpoints" != "endpoints.yml" ] && [ -z "$REST_TOKEN" ]; then
  echo "REST_ENABLED=true with $endpoints needs REST_TOKEN: set it, or leave the REST channel off." >&2
  exit 1
fi

shell=false
components=()
for argument in "$@"; do
  case "$argument" in
    --shell) shell=true ;;
    actions|rasa|web) components+=("$argument") ;;
    *) echo "Unknown argument '$argument': use --shell, or any of: actions rasa web" >&2; exit 2 ;;
  esac
done
[ ${#components[@]} -gt 0 ] || components=(actions rasa web)
wants() { [[ " ${components[*]} " == *" $1 "* ]]; }

# A port already taken (often a `make run` still running elsewhere) stops the start
# with its name and the setting that moves it, not a traceback from deep inside.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for part in actions:ACTION_PORT:$ACTION_PORT rasa:RASA_PORT:$RASA_PORT web:WEB_PORT:$WEB_PORT; do
  IFS=: read -r name setting port <<< "$part"
  if { wants "$name" || { $shell && [ "$name" != web ]; }; } && port_taken "$port"; then
    echo "Port $port ($name) is already in use - is another \`make run\` still running? Stop it, or start on another port: $setting=<port> make run" >&2
    exit 1
  fi
done

# The HTTP API always has a token. Without RASA_AUTH_TOKEN, a random one is made
# for this start only and is never printed; only processes started here know it.
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  if [ "$RASA_HOST" != "127.0.0.1" ] && [ "$RASA_HOST" != "localhost" ]; then
    echo "Refusing to expose the Rasa HTTP API on $RASA_HOST without a token: set RASA_AUTH_TOKEN." >&2
    exit 1
  fi
  RASA_AUTH_TOKEN=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')  # hex: never starts with "-"
fi
export RASA_AUTH_TOKEN

# Our own tables (check-ins) use the database of the same endpoints file.
export RASA_ENDPOINTS=$endpoints CHECKIN_RASA_URL=http://127.0.0.1:$RASA_PORT
.venv/bin/python -m checkins.delay || exit 1
.venv/bin/python scripts/check_knowledge.py || exit 1

if wants rasa || $shell; then
  .venv/bin/python scripts/check_stores.py "$endpoints" || exit 1
  .venv/bin/python scripts/purge_conversations.py "$endpoints" || exit 1
fi

pids=()
declare -A part_of  # pid -> the part's name, to say which one stopped
stopping=false
stop() {
  stopping=true
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

if wants actions || $shell; then
  # Loopback only: the Rasa server is the action server's only client.
  SANIC_HOST=${ACTION_HOST:-127.0.0.1} .venv/bin/python scripts/serve_actions.py --actions actions --port "$ACTION_PORT" &
  pids+=($!); part_of[$!]="action server"
fi

if $shell; then
  # On loopback and RASA_PORT, like `make run` (rasa shell would listen on every interface on 5005).
  .venv/bin/rasa shell -m "$RASA_MODEL" --endpoints "$endpoints" -i "$RASA_HOST" -p "$RASA_PORT"
  exit 0
fi

if wants rasa; then
  # The token is passed through the environment (scripts/serve_rasa.py), not on
  # the command line, where `ps` would show it to every local user.
  .venv/bin/python scripts/serve_rasa.py run -m "$RASA_MODEL" -i "$RASA_HOST" -p "$RASA_PORT" \
    --credentials credentials.yml --endpoints "$endpoints" --cors $WEB_ORIGINS --enable-api &
  pids+=($!); part_of[$!]="Rasa server"
fi

if wants web; then
  .venv/bin/python webchat/serve.py --host "${WEB_HOST:-127.0.0.1}" --port "$WEB_PORT" --rasa-url "$RASA_PUBLIC_URL" &
  pids+=($!); part_of[$!]="web page server"
fi

if wants rasa; then
  echo "==> Starting (the Rasa server takes about 30 seconds to load)..."
  for _ in $(seq 1 180); do
    if curl -fs "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  echo
  if wants web; then echo "    Chat in your browser:  http://localhost:$WEB_PORT"; fi
  echo "    REST:                  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\": \"me\", \"message\": \"hi\"}'"
  echo "    Stop:                  Ctrl-C"
  echo
fi
# Whichever part stops first stops the rest: a half-running assistant helps no one. The
# terminal says which part it was and how it ended, and the exit status is not 0.
status=0
wait -n -p stopped "${pids[@]}" || status=$?
if ! $stopping && [ -n "${stopped:-}" ]; then
  if [ "$status" -gt 128 ]; then how="was killed by signal $((status - 128))"; else how="exited with status $status"; fi
  echo "==> The ${part_of[$stopped]:-part with pid $stopped} $how; stopping the others." >&2
  stop
  exit $(( status == 0 ? 1 : status ))
fi
