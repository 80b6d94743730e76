"""Reads one message for warning signs and risk factors, with their clinical context.

No Rasa import: the vocabulary comes from the knowledge file, the context
(negation, hypotheticals, other people, the past) from medspacy's ConText.
`nlu_screen.py` at the project root plugs it into Rasa's NLU pipeline.
"""
from understanding.screen import Reading, Screen, default_screen

__all__ = ["Reading", "Screen", "default_screen"]
