"""The `kg` command line: every verb answers --help; bad input gives one line per file,
exit status 1, and the other files are still processed."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg.cli"]


def kg(*args, **kw):
    return subprocess.run(KG + [str(a) for a in args], capture_output=True, text=True, cwd=kw.get("cwd", ROOT))


@pytest.mark.parametrize("verb", ["build", "extract tables", "extract entities", "check", "query",
                                  "serve", "explain", "export", "validate"])
def test_every_verb_has_help(verb):
    result = kg(*verb.split(), "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: kg " + verb in result.stdout


def test_bad_inputs_one_line_each_and_the_good_file_still_built(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("Région Bretagne é".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.4 broken")
    good = ROOT / "corpus" / "003_eb69c40a305daa31.txt"
    store = tmp_path / "store"
    result = kg("build", tmp_path / "empty.txt", tmp_path / "latin1.txt", tmp_path / "binary.txt",
                tmp_path / "fake.pdf", tmp_path / "missing.txt", good, "--store", store, "--json")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 5
    for name, reason in [("empty.txt", "empty file"), ("latin1.txt", "not valid UTF-8"),
                         ("binary.txt", "binary file"), ("fake.pdf", "corrupt or unreadable PDF"),
                         ("missing.txt", "no such file")]:
        assert any(name in e and reason in e for e in errors), (name, errors)
    built = [json.loads(l) for l in result.stdout.splitlines()]
    assert [b["document"] for b in built] == ["003_eb69c40a305daa31.txt"]
    assert built[0]["quads"] > 0


def test_a_failed_rebuild_leaves_the_existing_store_intact(tmp_path):
    store = tmp_path / "store"
    good = ROOT / "corpus" / "003_eb69c40a305daa31.txt"
    assert kg("build", good, "--store", store).returncode == 0
    before = kg("export", "--format", "nquads", "-o", tmp_path / "before.nq", "--store", store)
    assert before.returncode == 0, before.stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    assert kg("build", tmp_path / "empty.txt", "--store", store).returncode == 1
    assert kg("export", "--format", "nquads", "-o", tmp_path / "after.nq", "--store", store).returncode == 0
    assert (tmp_path / "before.nq").read_text() == (tmp_path / "after.nq").read_text()
    assert (tmp_path / "before.nq").stat().st_size > 0


def test_cli_reference_is_generated_from_the_help():
    from kg.clidoc import render
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), \
        "docs/cli.md is stale: run `python -m kg.clidoc > docs/cli.md`"


def test_nothing_to_build_creates_no_store(tmp_path):
    """A missing file or a folder without documents: one line each, exit 1, no store folder."""
    from click.testing import CliRunner

    from kg.cli import cli
    (tmp_path / "empty").mkdir()
    for target, says in ((tmp_path / "missing.txt", "missing.txt: no such file"),
                         (tmp_path / "empty", "no document (.txt, .md, .html, .pdf) in")):
        r = CliRunner().invoke(cli, ["build", str(target), "--store", str(tmp_path / "s")])
        assert r.exit_code == 1 and says in r.output
        assert not (tmp_path / "s").exists()


def test_query_json_lines_list_and_unknown_names(corpus_store):
    import json

    from click.testing import CliRunner

    from kg.cli import cli
    run = CliRunner().invoke
    r = run(cli, ["query", "amounts_by_region", "--store", str(corpus_store), "--json"])
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert r.exit_code == 0 and rows[0]["regionLabel"] == "Île-de-France" and rows[0]["amount"] == 1469000
    r = run(cli, ["query", "--sparql", "ASK { ?s ?p ?o }", "--store", str(corpus_store), "--json"])
    assert json.loads(r.output) == {"answer": True}
    listed = [json.loads(line) for line in run(cli, ["query", "--list", "--format", "json"]).output.splitlines()]
    assert {q["name"] for q in listed} >= {"allocations", "unreconciled_totals"} and "params" in listed[0]
    r = run(cli, ["query", "no_such_query", "--store", str(corpus_store)])
    assert r.exit_code == 1 and "no saved query of this name" in r.output and "documents" in r.output


def test_validate_json_ends_with_its_verdict(corpus_store):
    import json

    from click.testing import CliRunner

    from kg.cli import cli
    r = CliRunner().invoke(cli, ["validate", "--store", str(corpus_store), "--json"])
    last = json.loads(r.output.splitlines()[-1])
    assert r.exit_code == 0 and last["conforms"] is True and last["violations"] == 0 and last["triples"] > 100000


def test_check_exit_status_is_its_verdict(tmp_path):
    """0 when every total reconciles, 1 when one does not, 2 when an input is unreadable."""
    corpus = ROOT / "corpus"
    failing = kg("check", corpus / "003_eb69c40a305daa31.txt")
    assert failing.returncode == 1
    assert failing.stderr == "344 totals checked in 4 tables: 15 do not reconcile\n"
    fine = kg("check", corpus / "002_9f9b17e8f055c11f.txt")
    assert fine.returncode == 0 and fine.stderr == "0 totals checked in 1 table: no printed total to check\n"
    as_json = kg("check", corpus / "002_9f9b17e8f055c11f.txt", "--json")
    assert as_json.returncode == 0 and as_json.stderr == "" and json.loads(as_json.stdout)["failed"] == 0
    (tmp_path / "empty.txt").write_bytes(b"")
    unreadable = kg("check", tmp_path / "empty.txt", corpus / "003_eb69c40a305daa31.txt")
    assert unreadable.returncode == 2
    assert unreadable.stderr.splitlines()[0].endswith("empty.txt: empty file")


def test_export_says_what_it_wrote(corpus_store, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    run = CliRunner().invoke
    r = run(cli, ["export", "--format", "csv", "-o", str(tmp_path / "a.csv"), "--store", str(corpus_store)])
    assert r.exit_code == 0 and r.stderr == f"{tmp_path / 'a.csv'}: csv, 4385 rows\n"
    r = run(cli, ["export", "--format", "nquads", "-o", str(tmp_path / "a.nq"), "--store", str(corpus_store)])
    quads = len((tmp_path / "a.nq").read_text(encoding="utf-8").splitlines())
    assert r.exit_code == 0 and r.stderr == f"{tmp_path / 'a.nq'}: nquads, {quads} quads in 7 graphs\n"
