"""Benchmark: build the bundled corpus through `build_corpus` and print the time of each
stage (read, tables, entities, resolve, build, store) and words per second. Not a test: run it by hand,
`.venv/bin/python tests/benchmarks/corpus.py [PATH…] [--repeat N]`."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractors.extract import extract_all  # noqa: E402
from extractors.readers import iter_inputs, read_document  # noqa: E402
from kg.corpus import build_corpus  # noqa: E402


def run(paths) -> dict[str, float]:
    """One build of `paths` into a fresh store through `build_corpus`, with its stage times."""
    start = time.perf_counter()
    docs = [read_document(p) for p in iter_inputs(paths)]
    read = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        report = build_corpus(docs, Path(tmp) / "store", timings=True)
    times = {"read": read, **report.timings}
    times["_words"] = sum(d.word_count for d in docs)
    times["_docs"] = len(report.built)
    times["_quads"] = sum(s["quads"] for s in report.built)
    times["_cells"] = report.cells
    times["_mentions"] = report.mentions
    return times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best time of each stage is kept")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    extract_all([])               # load the spaCy model outside the timed stages…
    load = time.perf_counter() - start
    runs = [run(args.paths) for _ in range(args.repeat)]
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    words = best["_words"]
    print(f"documents {best['_docs']:.0f}, words {words:.0f}, table cells {best['_cells']:.0f}, "
          f"mentions {best['_mentions']:.0f}, quads {best['_quads']:.0f}")
    print(f"{'model load':<10} {load:8.3f} s   (…and printed here)")
    total = 0.0
    for name in ("read", "tables", "entities", "resolve", "build", "store"):
        total += best[name]
        print(f"{name:<10} {best[name]:8.3f} s   {words / best[name]:12,.0f} words/s")
    print(f"{'total':<10} {total:8.3f} s   {words / total:12,.0f} words/s")
    ner = ner_alone(args.paths, args.repeat)
    print(f"spaCy NER alone on the same texts {ner:.3f} s: the entities stage is {best['entities'] / ner:.2f}× it")


def ner_alone(paths, repeat: int) -> float:
    """Seconds of fr_core_news_sm's own pipeline (as the project loads it, without the rule
    components) over the documents' texts: the yardstick of the entities stage."""
    import spacy

    from extractors.prose.pipeline import MODEL, UNUSED
    model = spacy.load(MODEL, exclude=UNUSED)
    texts = [read_document(p).text for p in iter_inputs(paths)]
    best = None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        list(model.pipe(texts))
        best = min(best or 1e9, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    main()
