"""extractors/codes.py: the code lists of ontology/codes.ttl as the extractors use them."""
from __future__ import annotations

import re

import pytest

from extractors import codes
from ontology import reference


@pytest.mark.parametrize("text, kind, expected", [
    ("Dotations régionales des DAF", "envelope", "DAF"),
    ("Montants régionaux MIGAC SSR", "envelope", "MIGAC"),
    ("Montants régionaux MIGAC SSR", "activity", "SMR"),
    ("dotation MIGAC", "envelope", "MIGAC"),              # the longest label, not MIG
    ("DAF puis MIG", "envelope", "DAF"),                   # the first printed
    ("Soins de suite et de réadaptation", "activity", "SMR"),
    ("Traitements coûteux HAD", "activity", "HAD"),
    ("MIGACX et DAFS", "envelope", None),                  # whole words only
    ("", "envelope", None),
    (None, "activity", None),
])
def test_classify_returns_the_notation_named_first(text, kind, expected):
    assert codes.classify(text, kind) == expected


@pytest.mark.parametrize("text, expected", [
    ("MIG F21 JPE", "JPE"), ("NR", "NR"), ("(nr)", "NR"), ("AC MCO - R", "R"),
    ("Réforme", None), ("MIG F21", None), (None, None),
])
def test_renewal_is_a_notation_printed_as_a_word(text, expected):
    assert codes.renewal(text) == expected


def test_acronyms_are_the_notations_and_one_word_labels():
    assert codes.acronyms("renewal") == {"JPE", "R", "NR"}
    assert codes.acronyms("envelope", under="MIGAC") == {"MIGAC", "MIG", "AC"}
    assert {"SSR", "SMR", "HAD", "MCO"} <= codes.acronyms("activity")
    assert "Psy" not in codes.acronyms("activity") and "PSY-POP" not in codes.acronyms("envelope")


def test_pattern_matches_whole_acronyms_longest_first():
    rx = re.compile(rf"\b({codes.pattern(codes.acronyms('envelope', under='MIGAC'))})")
    assert rx.match("MIGAC SMR").group(1) == "MIGAC"
    assert codes.pattern(["A.B", "C"]) == r"(?:A\.B|C)"


def test_reference_concepts_are_plain_strings():
    daf = next(c for c in reference.concepts("envelopes") if c.notation == "DAF")
    assert daf.pref_label == "Dotation annuelle de financement"
    assert "dotations régionales des DAF" in daf.alt_labels and daf.broader is None
    assert next(c for c in reference.concepts("envelopes") if c.notation == "MIG").broader == "MIGAC"
