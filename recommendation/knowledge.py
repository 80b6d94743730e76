"""Loading and validating the knowledge file."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple

import yaml

from recommendation.required_facts import REQUIRED_FACTS

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "magnesium.yml"
DEFAULT_REGION = "GB"
REGION_LINES = ("urgent", "non_urgent")


class KnowledgeError(ValueError):
    """The knowledge file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    cite: Tuple[str, ...]
    they: str = ""  # the same said of someone else, for a parent or carer; "" where `text` says it already

    def said_of(self, someone_else: bool) -> str:
        return self.they if someone_else and self.they else self.text


@dataclass(frozen=True)
class Knowledge:
    path: Path
    references: Dict[str, str]
    facts: Dict[str, Fact]
    red_flags: Tuple[Fact, ...]
    thresholds: Dict[str, float]
    region: str = DEFAULT_REGION

    def fact(self, fact_id: str) -> Fact:
        try:
            return self.facts[fact_id]
        except KeyError:
            raise KnowledgeError(f"{self.path}: no fact named '{fact_id}'") from None


def _fail(path: Path, where: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"{path}: {where}: {problem}")


def _parse_fact(path: Path, fact_id: str, raw: object, references: Dict[str, str]) -> Fact:
    where = f"fact '{fact_id}'"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a mapping with 'text' and 'cite'")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(path, where, "'text' must be a non-empty string")
    cite = raw.get("cite")
    if not isinstance(cite, list) or not cite:
        raise _fail(path, where, "'cite' must be a non-empty list of reference keys")
    keys = tuple(str(key) for key in cite)
    unknown = [key for key in keys if key not in references]
    if unknown:
        raise _fail(path, where, f"cites unknown reference(s) {', '.join(unknown)}")
    they = raw.get("they", "")
    if not isinstance(they, str):
        raise _fail(path, where, "'they' must be text (the fact said of someone else)")
    return Fact(fact_id, text.strip(), keys, they.strip())


THRESHOLDS = ("max_dose_mg", "supplement_upper_limit_mg", "no_relief_weeks", "gp_review_weeks", "decide_weeks")


def _parse_thresholds(path: Path, raw: object) -> Dict[str, float]:
    if not isinstance(raw, dict):
        raise _fail(path, "thresholds", f"must be a mapping with {', '.join(THRESHOLDS)}")
    thresholds = {}
    for name in THRESHOLDS:
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise _fail(path, f"thresholds.{name}", "must be a positive number")
        thresholds[name] = float(value)
    return thresholds


def _parse_region(path: Path, raw: object, region: str, references: Dict[str, str]) -> Dict[str, str]:
    """The urgent-care lines of one region, from the file's `regions`."""
    if not isinstance(raw, dict) or not raw:
        raise _fail(path, "regions", "must be a mapping of region code to its urgent and non_urgent lines")
    if region not in raw:
        raise _fail(path, "regions", f"no region {region!r} (REGION); known: {', '.join(sorted(raw))}")
    lines = raw[region]
    where = f"regions.{region}"
    if not isinstance(lines, dict) or set(lines) != set(REGION_LINES) | {"cite"}:
        raise _fail(path, where, "must have exactly 'urgent', 'non_urgent' and 'cite'")
    if any(not isinstance(lines[key], str) or not lines[key].strip() for key in REGION_LINES):
        raise _fail(path, where, "'urgent' and 'non_urgent' must be non-empty text")
    if str(lines["cite"]) not in references:
        raise _fail(path, where, f"cites unknown reference {lines['cite']}")
    return {key: str(value).strip() for key, value in lines.items()}


def _for_region(fact: Fact, lines: Dict[str, str]) -> Fact:
    if not any(f"{{{key}}}" in fact.text for key in REGION_LINES):
        return fact
    cite = fact.cite + ((lines["cite"],) if lines["cite"] not in fact.cite else ())
    values = {key: lines[key] for key in REGION_LINES}
    return Fact(fact.id, fact.text.format(**values), cite, fact.they.format(**values))


def parse_knowledge(path: Path, data: object, required: frozenset = frozenset(),
                    region: str = DEFAULT_REGION) -> Knowledge:
    if not isinstance(data, dict):
        raise _fail(path, "top level", "must be a mapping with 'references', 'facts' and 'red_flags'")
    references = data.get("references")
    if not isinstance(references, dict) or not references:
        raise _fail(path, "references", "must be a non-empty mapping of key to description")
    references = {str(key): str(value) for key, value in references.items()}

    raw_facts = data.get("facts")
    if not isinstance(raw_facts, dict) or not raw_facts:
        raise _fail(path, "facts", "must be a non-empty mapping of id to fact")
    facts = {
        str(fact_id): _parse_fact(path, str(fact_id), raw, references)
        for fact_id, raw in raw_facts.items()
    }
    missing = sorted(required - facts.keys())
    if missing:
        raise _fail(path, "facts", f"missing required fact(s) {', '.join(missing)}")

    raw_flags = data.get("red_flags")
    if not isinstance(raw_flags, list) or not raw_flags:
        raise _fail(path, "red_flags", "must be a non-empty list")
    red_flags = tuple(
        _parse_fact(path, str(isinstance(raw, dict) and raw.get("id") or f"red_flags[{index}]"), raw, references)
        for index, raw in enumerate(raw_flags)
    )
    thresholds = _parse_thresholds(path, data.get("thresholds"))
    lines = _parse_region(path, data.get("regions"), region, references)
    facts = {fact_id: _for_region(fact, lines) for fact_id, fact in facts.items()}
    return Knowledge(path, references, facts, red_flags, thresholds, region)


def configured_region() -> str:
    """The reader's region for urgent-care numbers: REGION, GB by default."""
    return (os.environ.get("REGION") or DEFAULT_REGION).strip().upper()


def load_knowledge(path: Path | str = DEFAULT_PATH, required: frozenset = frozenset(),
                   region: str | None = None) -> Knowledge:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KnowledgeError(f"{path}: cannot read the knowledge file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path}: not valid YAML ({error})") from None
    return parse_knowledge(path, data, required, region or configured_region())


@lru_cache(maxsize=None)
def default_knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_PATH, REQUIRED_FACTS)

