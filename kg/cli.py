"""`kg`: a thin command line in front of the library. Each command parses its options,
calls one library function and formats the answer; errors are one line naming the file
and the reason, and one bad document never stops the others."""
from __future__ import annotations

import contextlib
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import click

from extractors import __version__
from extractors.readers import ReadError, iter_inputs, read_document
from kg.store import StoreError, default_store_path

STORE_HELP = "Store folder (default: $KG_STORE or ./kg-store)."


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_jsonl(records) -> None:
    """One JSON object per line (JSON Lines), UTF-8, keys in a stable order."""
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False, default=_json_default))


def fail(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


def store_option(f):
    return click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help=STORE_HELP)(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="JSON Lines on stdout, one object per line.")(f)


def each_document(paths, failed: list, label="reading"):
    """Yield (path, Document) for every readable input; print one line per unreadable one
    and append its path to `failed`, so the caller can exit non-zero at the end."""
    inputs = list(iter_inputs(paths))
    show = sys.stderr.isatty() and len(inputs) > 1
    with click.progressbar(inputs, label=label, file=sys.stderr, show_pos=True,
                           item_show_func=lambda p: p.name if p else "") if show else contextlib.nullcontext(inputs) as bar:
        for path in bar:
            try:
                doc = read_document(path)
            except ReadError as exc:
                fail(str(exc))
                failed.append(path)
                continue
            yield path, doc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli():
    """circulaires-kg: French health-ministry budget circulars as a knowledge graph."""


# ---------------------------------------------------------------- build

@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--base", default=None, help="Base IRI of the minted resources.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes extracting documents in parallel (default: the machine's cores).")
@click.option("--force", is_flag=True, help="Rebuild every document, even those unchanged since their graph was stored.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Extract on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786) instead of local workers; "
                   "needs the `distributed` extra.")
@json_option
def build(paths, store_path, base, workers, force, scheduler, as_json):
    """Build the knowledge graph from documents (files or folders) into the store.
    A document whose content and software version are those of its stored graph is skipped."""
    from kg.corpus import build_corpus
    from kg.iri import DEFAULT_BASE, Minter

    try:
        Minter(base or DEFAULT_BASE)
    except ValueError as exc:
        fail(str(exc))
        sys.exit(2)
    store_dir = store_path or default_store_path()
    inputs = list(iter_inputs(paths))
    if not inputs:
        fail(f"no document (.txt, .md, .html, .pdf) in {', '.join(map(str, paths))}: nothing to build")
        sys.exit(1)
    show = sys.stderr.isatty() and len(inputs) > 1
    try:
        with _executor(scheduler) as executor, \
                click.progressbar(length=len(inputs), label="building", file=sys.stderr, show_pos=True) \
                if show else contextlib.nullcontext() as bar:
            report = build_corpus(inputs, store_dir, base or DEFAULT_BASE, workers=workers or os.cpu_count() or 1,
                                  force=force, executor=executor,
                                  on_document=(lambda _: bar.update(1)) if show else None)
    except StoreError as exc:
        fail(str(exc))
        sys.exit(1)
    for line in report.failed:
        fail(line)
    if as_json:
        emit_jsonl(report.built + [{"document": name, "unchanged": True} for name in report.unchanged])
    else:
        for s in report.built:
            click.echo(f"{s['document']}: {s['quads']} quads in <{s['graph']}>")
        for name in report.unchanged:
            click.echo(f"{name}: unchanged, kept (--force rebuilds it)")
        if report.built or report.unchanged:
            click.echo(f"store: {Path(store_dir).resolve()}")
    sys.exit(1 if report.failed else 0)


@contextlib.contextmanager
def _executor(scheduler: str | None):
    """A Dask cluster's executor when a scheduler address is given, else None."""
    if not scheduler:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        fail("--scheduler needs Dask distributed: pip install 'circulaires-kg[distributed]'")
        sys.exit(2)
    with Client(scheduler) as client:
        yield client.get_executor()


# ---------------------------------------------------------------- extract / check

@cli.group()
def extract():
    """Print what the extractors read from documents, without building the graph."""


@extract.command("tables")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
def extract_tables_cmd(paths, as_json):
    """Every numeric cell of every table (and nomenclature rows), with its position."""
    from extractors.tables import cell_records, extract_tables

    records = []
    failed = []
    for _, doc in each_document(paths, failed):
        for table in extract_tables(doc):
            records.extend(cell_records(table))
    if as_json:
        emit_jsonl(records)
    else:
        for r in records:
            flag = " AMBIGUOUS" if r.get("ambiguous") else ""
            click.echo(f"{r['document']}:{r['line']}  {r['table']}  {r['row']} × {r['column'][:50]} = {r['text']}{flag}")
    sys.exit(1 if failed else 0)


@extract.command("entities")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
def extract_entities_cmd(paths, as_json):
    """Every typed mention in the prose (legal references, MIG codes, establishments…)."""
    from extractors.extract import extract_all
    from extractors.prose import mention_record

    failed = []
    docs = [d for _, d in each_document(paths, failed)]
    records = [mention_record(f.document, m) for f in extract_all(docs) for m in f.mentions]
    if as_json:
        emit_jsonl(records)
    else:
        for r in records:
            click.echo(f"{r['document']}:{r['line']}  {r['type']:<14} {r['text']!r}  {json.dumps(r['norm'], ensure_ascii=False, default=_json_default)}")
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
def check(paths, as_json):
    """Recompute every stated total from the extracted cells and report what reconciles.
    Exit status: 0 when every total reconciles, 1 when one does not, 2 when an input is unreadable."""
    from extractors.extract import table_facts
    from extractors.tables import check_records

    records = []
    failed = []
    for _, doc in each_document(paths, failed):
        tables, checks = table_facts(doc)
        records += [check_records(t, [r for r in checks if r.table == t.id]) for t in tables]
    checked, off = sum(r["checked"] for r in records), sum(r["failed"] for r in records)
    if as_json:
        emit_jsonl(records)
    else:
        from extractors.tables import format_check
        for r in records:
            click.echo(format_check(r))
        verdict = f"{off} do not reconcile" if off else "all reconcile" if checked else "no printed total to check"
        click.echo(f"{checked} totals checked in {len(records)} table{'s' * (len(records) != 1)}: {verdict}", err=True)
    sys.exit(2 if failed else 1 if off else 0)


# ---------------------------------------------------------------- query / serve / explain / push / plot

def _open_read_only(store_path):
    from kg.store import open_store
    try:
        return open_store(store_path or default_store_path(), read_only=True)
    except StoreError as exc:
        fail(str(exc))
        sys.exit(1)


@cli.command()
@click.argument("query_file", required=False)
@click.option("--sparql", "sparql_text", default=None, help="Query text instead of a file.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter the query declares (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--numbers", type=click.Choice(["plain", "fr"]), default="plain", show_default=True,
              help="Number style in the table format (fr: 5 085,0).")
@click.option("--max-width", default=60, show_default=True, type=int,
              help="Table format: cut longer cells with an ellipsis (0: never).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries with their questions.")
@click.option("--print", "print_only", is_flag=True,
              help="Print the query with its parameters bound (plain SPARQL for any endpoint) instead of running it.")
@store_option
@json_option
def query(query_file, sparql_text, params, fmt, numbers, max_width, list_saved, print_only, store_path, as_json):
    """Run a SPARQL query (a .rq file, a saved query's name, or --sparql TEXT) on the store.
    A saved query's parameter defaults are written in its text (`VALUES`); `--param` replaces
    them, and a value is matched to the accepted ones ignoring case, accents and spaces."""
    import shlex

    import pyoxigraph as ox

    from kg.query import (QueryError, bound_text, format_results, load_query, parse_params, parse_query,
                          prefixes_of, run, saved_queries, select_records)

    try:
        if list_saved:
            for q in saved_queries():
                if as_json or fmt == "json":
                    emit_jsonl([q.record()])
                    continue
                args = " ".join(f"--param {shlex.quote(f'{p.name}={p.default}')}" if p.default else
                                f"--param {p.name}=…" for p in q.params)
                click.echo(f"{q.name:<28} {q.en}  {args}".rstrip())
            return
        if bool(query_file) == bool(sparql_text):
            raise QueryError("give exactly one of QUERY_FILE or --sparql TEXT (see `kg query --list`)")
        q = load_query(query_file) if query_file else parse_query(sparql_text, name="--sparql")
        given = parse_params(params)
        if print_only:      # the store only to match given values to the accepted ones
            click.echo(bound_text(q, given, _open_read_only(store_path) if given else None), nl=False)
            return
        store = _open_read_only(store_path)
        results = run(store, q, given)
        if not as_json:
            click.echo(format_results(results, fmt, prefixes_of(q.text), numbers, max_width), nl=False)
        elif isinstance(results, ox.QueryBoolean):
            emit_jsonl([{"answer": bool(results)}])
        elif isinstance(results, ox.QueryTriples):
            emit_jsonl({"subject": t.subject.value, "predicate": t.predicate.value, "object": t.object.value}
                       for t in results)
        else:
            emit_jsonl(select_records(results))
    except QueryError as exc:
        fail(str(exc))
        sys.exit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (only this machine by default).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=float,
              help="Seconds a query may run (it is then stopped) or wait for a free worker.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once, each in its own worker process.")
@click.option("--allow-service", multiple=True, metavar="PREFIX",
              help="Let SERVICE call endpoints whose IRI starts with PREFIX (repeatable; refused by default).")
@click.option("--allow-host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header names NAME (repeatable; DNS rebinding defence).")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(0),
              help="Largest request body accepted, in bytes (413 beyond).")
@click.option("--request-timeout", default=10.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Seconds a client has to send its whole request (408 beyond).")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 256),
              help="Connections served at once; the others wait in the queue.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one GET request for PATH on stdout and exit (no socket).")
@click.option("--verbose", is_flag=True, help="Log every request on stderr.")
@click.option("--source-dir", "sources", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the source documents: provenance views show whole lines (repeatable).")
@store_option
def serve(host, port, timeout, workers, allow_service, allow_host, max_body, request_timeout, threads, get_path,
          verbose, sources, store_path):
    """Serve the store: a read-only SPARQL 1.1 endpoint (/sparql) and a web page to query it."""
    import errno

    from kg.server import App, make_server
    from kg.workers import WorkerError

    try:
        app = App(store_path or default_store_path(), timeout=timeout, max_running=1 if get_path else workers,
                  sources=sources, allow_service=allow_service)
    except (StoreError, WorkerError) as exc:
        fail(str(exc))
        sys.exit(1)
    try:
        if get_path:
            resp = app.handle("GET", get_path)
            sys.stdout.buffer.write(resp.body)
            if not resp.body.endswith(b"\n"):
                sys.stdout.buffer.write(b"\n")
            sys.exit(0 if resp.status < 400 else 1)
        try:
            server = make_server(app, host, port, verbose, allow_host=allow_host, max_body=max_body,
                                 request_timeout=request_timeout, threads=threads)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fail(f"port {port} is in use; try --port {port + 1} (or --port 0 for any free port)")
            else:
                fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
            sys.exit(1)
        h, p = server.server_address[:2]
        h = f"[{h}]" if ":" in h else h
        click.echo(f"serving on http://{h}:{p}/  (SPARQL endpoint: http://{h}:{p}/sparql; Ctrl-C stops)", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        app.close()


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol address, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Push only this named graph (repeatable).")
@click.option("--timeout", default=60.0, show_default=True, type=float, help="Seconds per HTTP request.")
@store_option
@json_option
def push(endpoint, graphs, timeout, store_path, as_json):
    """Send each document's named graph to a SPARQL 1.1 Graph Store Protocol server (PUT per graph)."""
    from kg.push import PushError, push as push_graphs

    store = _open_read_only(store_path)
    done = []
    try:
        for p in push_graphs(store, endpoint, graphs, timeout=timeout):
            done.append({"graph": p.graph or "default", "triples": p.triples, "status": p.status})
            if not as_json:
                click.echo(f"{p.graph or 'default graph'}: {p.triples} triples (HTTP {p.status})")
    except PushError as exc:
        fail(str(exc))
        sys.exit(1)
    finally:
        if as_json:
            emit_jsonl(done)


# ---------------------------------------------------------------- validate / export

@cli.command()
@store_option
@json_option
def validate(store_path, as_json):
    """Check the store against the SHACL shapes of ontology/shapes.ttl; exit 1 on any violation."""
    from kg.validate import validate_store

    report = validate_store(_open_read_only(store_path))
    if as_json:
        emit_jsonl({"focus": v.focus, "path": v.path, "value": v.value, "message": v.message,
                    "shape": v.shape} for v in report.violations)
    else:
        for v in report.violations:
            click.echo(f"{v.focus}  {v.path or ''}  {v.value or ''}: {v.message}")
        verdict = "conforms" if report.conforms else f"{len(report.violations)} violations"
        click.echo(f"{report.triples} triples: {verdict}", err=not report.conforms)
    if as_json:     # the last line sums up, also when there is nothing else to say
        emit_jsonl([{"triples": report.triples, "conforms": report.conforms, "violations": len(report.violations)}])
    sys.exit(0 if report.conforms else 1)


@cli.command("export")
@click.option("--format", "fmt", default="nquads", show_default=True,
              help="nquads, turtle (RDF); graphml, gexf (Gephi), cytoscape (Cytoscape.js JSON), "
                   "html (standalone offline view); csv (tidy, one row per table cell with provenance).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@click.option("--query", "query_file", default=None, metavar="FILE.rq",
              help="Export a query's answer instead of the whole store: a CONSTRUCT for turtle/graphml/"
                   "gexf/cytoscape/html, a SELECT for csv (default for csv: the saved query `allocations`).")
@click.option("--full", is_flag=True,
              help="graphml/gexf/cytoscape/html: the whole RDF graph (selectors, ontology terms) instead of "
                   "the graph people analyse (circulars, legal texts, tables, measures, MIG codes, regions, "
                   "establishments, observations).")
@store_option
def export_cmd(fmt, output, query_file, full, store_path):
    """Write the store (or a query's answer) to a file (N-Quads keeps one named graph per document)."""
    from kg.export import WRITERS, ExportError, export
    from kg.query import QueryError, load_query

    if fmt not in WRITERS:
        fail(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(WRITERS))}")
        sys.exit(2)
    store = _open_read_only(store_path)
    tmp = output.with_name(output.name + ".part")
    try:
        query = load_query(query_file) if query_file else None
        with open(tmp, "wb") as out:
            export(store, fmt, out, query, full)
    except (QueryError, ExportError) as exc:
        tmp.unlink(missing_ok=True)
        fail(str(exc))
        sys.exit(1)
    tmp.replace(output)
    click.echo(f"{output}: {fmt}, {_written(output, fmt)}", err=True)


def _written(path: Path, fmt: str) -> str:
    """What an export file holds, counted from the file itself: quads (and graphs) of
    N-Quads, triples of Turtle, rows of CSV, nodes and edges of the graph formats."""
    import csv

    import pyoxigraph as ox

    if fmt == "nquads":
        with path.open("rb") as f:
            quads = list(ox.parse(f, format=ox.RdfFormat.N_QUADS))
        return f"{len(quads)} quads in {len({q.graph_name for q in quads})} graphs"
    if fmt == "turtle":
        with path.open("rb") as f:
            return f"{sum(1 for _ in ox.parse(f, format=ox.RdfFormat.TURTLE))} triples"
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            return f"{max(sum(1 for _ in csv.reader(f)) - 1, 0)} rows"
    if fmt in ("graphml", "gexf"):
        import networkx as nx
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
        return f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
    if fmt == "cytoscape":
        elements = json.loads(path.read_text(encoding="utf-8"))["elements"]
        return f"{len(elements['nodes'])} nodes, {len(elements['edges'])} edges"
    return f"{path.stat().st_size} bytes"


@cli.command()
@click.argument("iri", required=False)
@click.option("--amount", default=None, help='Find a printed amount instead of an IRI, e.g. "5 085,0".')
@click.option("--document", default=None, help="With --amount: only in this document (file name or part of it).")
@click.option("--source-dir", "sources", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the source documents: show whole lines around the span (repeatable).")
@store_option
@json_option
def explain(iri, amount, document, sources, store_path, as_json):
    """Where a fact comes from: document, annex, table, page, line, quote in context, how it reconciles."""
    from kg.explain import ExplainError, explain as explain_fact, find_amount, render_text

    if bool(iri) == bool(amount):
        fail("give exactly one of IRI or --amount TEXT")
        sys.exit(2)
    store = _open_read_only(store_path)
    try:
        iris = [iri] if iri else find_amount(store, amount, document)
        if not iris:
            raise ExplainError(f"no amount printed {amount!r}" + (f" in {document}" if document else ""))
        records = [explain_fact(store, i, sources) for i in iris]
    except ExplainError as exc:
        fail(str(exc))
        sys.exit(1)
    if as_json:
        emit_jsonl(records)
    else:
        click.echo("\n".join(render_text(r) for r in records), nl=False)


@cli.command()
@click.argument("chart", type=click.Choice(["measure", "region"]))
@click.argument("name")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Picture to write (.png or .svg).")
@click.option("--year", default=None, help="measure: the campaign year (when the code is funded in several).")
@store_option
def plot(chart, name, output, year, store_path):
    """Charts: `plot measure F21` (amount per region, bars), `plot region Bretagne` (envelopes over the years)."""
    from kg.plot import PlotError, plot_measure, plot_region

    store = _open_read_only(store_path)
    try:
        if chart == "measure":
            n = plot_measure(store, name, output, year)
        else:
            series = plot_region(store, name, output)
            n = sum(v is not None for vs in series.values.values() for v in vs)
            for warning in series.warnings:
                click.echo(f"warning: {warning}", err=True)
    except PlotError as exc:
        fail(str(exc))
        sys.exit(1)
    click.echo(f"{output}: {n} values", err=True)


def main():
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
