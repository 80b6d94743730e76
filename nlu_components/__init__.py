"""Custom parts of Rasa's NLU pipeline (config.yml)."""
