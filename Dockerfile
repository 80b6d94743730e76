# One image for the Rasa server, the action server and the web page. Every
# service starts through scripts/run.sh (the project's one start path, which
# uses .venv as `make run` does) and runs as an unprivileged user. Secrets are
# never in the image: .dockerignore keeps .env out, and they arrive at run time
# from the env_file in docker-compose.yml.
FROM python:3.10-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm curl && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -r requirements.txt
ENV PATH=/app/.venv/bin:$PATH RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
COPY webchat/package.json webchat/package-lock.json webchat/
RUN cd webchat && npm ci --no-audit --no-fund
COPY . .
RUN rasa train --fixed-model-name leg-twitch --out models
# The code and the model stay owned by root, read-only for the services' user.
RUN useradd --system --user-group --uid 10001 --create-home --home-dir /home/assistant assistant
USER 10001:10001
