"""Rasa's Slack connector with a configurable Web API address (for tests and proxies).

Without SLACK_TOKEN and SLACK_SIGNING_SECRET the connector stays off.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.channels import slack
from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint
from slack_sdk.web.async_client import AsyncWebClient

from channels.guard import Handler, addressed, disabled_blueprint, guard


class SlackBot(slack.SlackBot):
    def __init__(self, token: Text, slack_channel: Optional[Text] = None, thread_id: Optional[Text] = None,
                 proxy: Optional[Text] = None, api_url: Optional[Text] = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_url:
            self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)


class SlackInput(slack.SlackInput):
    api_url: Optional[Text] = None
    enabled: bool = True

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SlackInput":
        credentials = credentials or {}
        if not credentials.get("slack_token") or not credentials.get("slack_signing_secret"):
            channel = cls.__new__(cls)
            channel.enabled = False
            return channel
        channel = super().from_credentials(credentials)
        channel.api_url = credentials.get("api_url") or None
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.enabled:
            return disabled_blueprint("slack", "SLACK_TOKEN and SLACK_SIGNING_SECRET")
        return super().blueprint(guard(on_new_message))

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        # Addressed to the platform's id when Rasa's API sends a check-in; a reply to a
        # message is addressed again by the guard, which changes nothing.
        return addressed(SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url),
                         self.name())
