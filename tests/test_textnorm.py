"""extractors/textnorm.py: the one label fold and the words that make a label a total."""
from __future__ import annotations

import pytest

from extractors.textnorm import fold, is_total_label


def test_fold():
    assert fold("  Île-de-France ") == "ile de france"
    assert fold("Provence - Alpes - Côte d’Azur") == "provence alpes cote dazur"


@pytest.mark.parametrize("label", [
    "Total", "TOTAL DOM", "Sous-total Grand Est", "Totaux", "TOTALCOÛT", "France entière",
    "France métropolitaine", "DOM", "Outre-mer", "Ensemble", "Total métropole",
    "DOTATIONS régionales au 01/07/2001", "Coût total", "MONTANT disponible",
])
def test_total_labels(label):
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["Franche-Comté", "Grand Est", "CHU de Lille", "Domicile", "Bases 2024"])
def test_other_labels(label):
    assert not is_total_label(label)
