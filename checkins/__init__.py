"""Check-ins: follow-up messages kept in the project's database.

Rasa's own reminders live in one server's memory and are lost on every restart
(RasaHQ/rasa#2716); these rows are not. The action server writes them
(store.py), the Rasa server delivers them (scheduler.py for channels that can
send first, channels/guard.py at the person's next message for those that
cannot).
"""

# Channels that can send first get their check-in from the scheduler; the others
# get it with the person's next message.
PUSH_CHANNELS = ("telegram", "slack")
PULL_CHANNELS = ("rest", "socketio")
