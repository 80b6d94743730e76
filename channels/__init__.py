"""Rasa's own channel connectors, each wrapped by the same guard.

Referenced from credentials.yml as `channels.<module>.<Class>`.
"""
