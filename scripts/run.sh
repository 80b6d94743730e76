#!/usr/bin/env bash
# Starts the action server, the Rasa server and the web page; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_HOST=${RASA_HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
WEB_PORT=${WEB_PORT:-8000}
WEB_ORIGINS=${WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export TRACKER_DB=${TRACKER_DB:-$PWD/conversations.db}
export WEB_ORIGINS
# Messaging connectors stay off while their variables are empty.
for variable in TELEGRAM_ACCESS_TOKEN TELEGRAM_BOT_USERNAME TELEGRAM_WEBHOOK_URL TELEGRAM_API_URL \
                SLACK_TOKEN SLACK_SIGNING_SECRET SLACK_CHANNEL SLACK_API_URL; do
  export "$variable=${!variable:-}"
done
# The action server listens on loopback only: only the Rasa server calls it.
export SANIC_HOST=${ACTION_HOST:-127.0.0.1}

api_args=(--enable-api)
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  api_args+=(--auth-token "$RASA_AUTH_TOKEN")
elif [ "$RASA_HOST" != "127.0.0.1" ] && [ "$RASA_HOST" != "localhost" ]; then
  echo "Refusing to expose the Rasa HTTP API on $RASA_HOST without a token: set RASA_AUTH_TOKEN." >&2
  exit 1
fi
endpoints=${RASA_ENDPOINTS:-endpoints.yml}
.venv/bin/python scripts/check_stores.py "$endpoints" || exit 1

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)

if [ "${1:-}" = "--shell" ]; then
  .venv/bin/rasa shell -m models/leg-twitch.tar.gz --endpoints "$endpoints"
  exit 0
fi

.venv/bin/rasa run -m models/leg-twitch.tar.gz -i "$RASA_HOST" -p "$RASA_PORT" \
  --credentials credentials.yml --endpoints "$endpoints" --cors $WEB_ORIGINS "${api_args[@]}" &
pids+=($!)

.venv/bin/python webchat/serve.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
pids+=($!)

echo "==> Starting (the Rasa server takes about 30 seconds to load)..."
for _ in $(seq 1 180); do
  if curl -fs "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1; then break; fi
  sleep 1
done
echo
echo "    Chat in your browser:  http://localhost:$WEB_PORT"
echo "    REST:                  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\": \"me\", \"message\": \"hi\"}'"
echo "    Stop:                  Ctrl-C"
echo
wait -n
