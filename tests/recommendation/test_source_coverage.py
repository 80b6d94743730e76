"""Every fact of the source document is in the knowledge and reaches the person."""
import re

import pytest

from recommendation.knowledge import DEFAULT_PATH

QUANTITY = re.compile(r"(\d+(?:-\d+)?)\s*(mg|liters|%|weeks|months)")
UNIT_AS_SAID = {"liters": "litres"}

# Statements of the document without a number, as the person reads them.
STATEMENTS = [
    "first-line", "nerve conduction", "electrolyte balance", "contraction and relaxation",
    "calcium influx", "cramps and spasms", "magnesium oxide", "citrate", "chloride",
    "evening", "reduce the severity", "sleep quality", "physical exertion",
    "Tense the muscle", "stretch the affected muscles before bedtime", "Press on the twitching muscle",
    "dairy products, leafy greens and fortified foods", "Vitamin B6", "ferritin",
    "Physical therapy", "normal movement", "kidney disease", "stop the statin",
    "vitamin D deficiency and other metabolic causes", "CoQ10",
]


def document_quantities(source_text):
    return sorted(
        {
            amount + ("" if unit == "%" else " ") + UNIT_AS_SAID.get(unit, unit)
            for amount, unit in QUANTITY.findall(source_text)
        }
    )


def test_the_document_has_the_quantities_we_expect(source_text):
    # Guards the parser below: if it found nothing, the next test would pass vacuously.
    expected = {"250 mg", "400 mg", "2 litres", "700-1000 mg", "40 mg", "4-8 weeks", "11-37%", "2 months"}
    assert expected <= set(document_quantities(source_text))


def test_every_quantity_of_the_document_is_in_the_knowledge_file(source_text):
    knowledge = DEFAULT_PATH.read_text(encoding="utf-8")
    for quantity in document_quantities(source_text):
        assert quantity in knowledge, quantity


def test_every_quantity_of_the_document_reaches_the_person(source_text, everything_said):
    for quantity in document_quantities(source_text):
        assert quantity in everything_said, quantity


@pytest.mark.parametrize("statement", STATEMENTS)
def test_every_statement_of_the_document_reaches_the_person(statement, everything_said):
    assert statement.lower() in everything_said.lower()
