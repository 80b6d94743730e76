"""Plans and answers as plain chat text: short sections, bullets, [n] citations.

Plain text shows the same in the web widget and in messaging apps.
"""
from __future__ import annotations

from typing import List, Optional

from recommendation.knowledge import Knowledge, default_knowledge
from recommendation.plan import Plan, Section, Sentence

BULLET = "\u2022"


def cite_marks(sentence: Sentence) -> str:
    return "".join(f"[{key}]" for key in sentence.cite)


def _line(sentence: Sentence) -> str:
    return f"{sentence.text} {cite_marks(sentence)}"


def render_section(section: Section) -> str:
    lines = [f"{section.title}:"] if section.title else []
    bulleted = len(section.sentences) > 1 or bool(section.title)
    for sentence in section.sentences:
        if sentence.text.endswith((":", "?")):
            lines.append(_line(sentence))
        else:
            lines.append(f"{BULLET} {_line(sentence)}" if bulleted else _line(sentence))
    return "\n".join(lines)


def source_note(plan: Plan, knowledge: Knowledge) -> str:
    keys: List[str] = []
    for sentence in plan.sentences:
        keys += [key for key in sentence.cite if key not in keys]
    numbered = sorted(key for key in keys if key.isdigit())
    named = [key for key in knowledge.references if key in keys and not key.isdigit()]
    parts = []
    if numbered:
        parts.append(f"{''.join(f'[{key}]' for key in numbered)} references cited in the guide")
    parts += [f"[{key}] {knowledge.references[key]}" for key in named]
    return "Sources: " + "; ".join(parts) + "."


def render_messages(plan: Plan, knowledge: Optional[Knowledge] = None) -> List[str]:
    """One chat message per section, then a one-line source note."""
    knowledge = knowledge or default_knowledge()
    return [render_section(section) for section in plan.sections] + [source_note(plan, knowledge)]


def render(plan: Plan, knowledge: Optional[Knowledge] = None) -> str:
    return "\n\n".join(render_messages(plan, knowledge))
