"""Shared fixtures: the corpus knowledge graph, built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The store folder of `kg build corpus/` (all five documents, ontology included)."""
    from kg.cli import cli

    store = tmp_path_factory.mktemp("corpus") / "kg-store"
    result = CliRunner().invoke(cli, ["build", str(ROOT / "corpus"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store
