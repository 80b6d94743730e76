"""Custom actions: thin adapters between Rasa and the recommendation module."""
