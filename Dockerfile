# One image for the Rasa server, the action server and the web page.
FROM python:3.10-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm curl && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY webchat/package.json webchat/package-lock.json webchat/
RUN cd webchat && npm ci --no-audit --no-fund
COPY . .
RUN rasa train --fixed-model-name leg-twitch --out models
ENV RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
