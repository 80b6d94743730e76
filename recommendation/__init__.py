"""Magnesium guidance for leg twitching: Profile in, Plan or answer out.

Pure Python with no Rasa import, so it can be tested and reused anywhere.
Every health sentence comes from the knowledge file (knowledge/magnesium.yml).
"""
from recommendation.answers import TOPICS, UnknownTopicError, answer
from recommendation.knowledge import Knowledge, KnowledgeError, load_knowledge
from recommendation.plan import (
    Plan, Section, Sentence, essentials, noted_signs, recommend, red_flag_screen, safety_net, someone_elses_signs,
)
from recommendation.profile import Profile, ProfileError
from recommendation.render import render, render_messages

__all__ = [
    "TOPICS",
    "Knowledge",
    "KnowledgeError",
    "Plan",
    "Profile",
    "ProfileError",
    "Section",
    "Sentence",
    "UnknownTopicError",
    "answer",
    "essentials",
    "load_knowledge",
    "noted_signs",
    "someone_elses_signs",
    "recommend",
    "red_flag_screen",
    "safety_net",
    "render",
    "render_messages",
]
