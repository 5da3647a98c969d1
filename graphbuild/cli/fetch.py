"""``graphbuild fetch openalex|s2|arxiv``: thin click commands over :mod:`graphbuild.fetch`.

Each command parses its options, calls one library function (``fetch_openalex``,
``fetch_s2``, ``fetch_arxiv``) and prints its report. Malformed requests exit 2, service
failures exit 1, in one line each; keys and the mailto address come from the environment
and are never printed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from graphbuild.errors import FetchRequestError, GraphbuildError
from graphbuild.fetch import arxiv, openalex, semantic_scholar
from graphbuild.fetch.paging import FetchReport, Progress

F = TypeVar("F", bound=Callable[..., Any])


def common_options(service: str, url_env: str, min_interval: float) -> Callable[[F], F]:
    """Options every fetch command has: output, resume, politeness, where the service is."""

    def decorate(command: F) -> F:
        options = [
            click.option(
                "-o",
                "--output",
                required=True,
                type=click.Path(dir_okay=False),
                help="JSON Lines file to write, one record per line. An unfinished fetch "
                "of the same request into it is resumed.",
            ),
            click.option(
                "--max-records",
                type=click.IntRange(1),
                help="Stop once the output holds this many records.",
            ),
            click.option(
                "--overwrite",
                is_flag=True,
                help="Replace the output (and any unfinished fetch) instead of refusing.",
            ),
            click.option(
                "--base-url",
                metavar="URL",
                help=f"Where {service} is (default: ${url_env}, else the public service).",
            ),
            click.option(
                "--min-interval",
                type=click.FloatRange(0),
                default=min_interval,
                show_default=True,
                help="Least seconds between two requests (the service's rate limit).",
            ),
            click.option(
                "--retries",
                type=click.IntRange(0),
                default=5,
                show_default=True,
                help="Retries of a request that fails with 429, 5xx or a dropped connection.",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print the report as JSON."),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def ids_options(what: str) -> Callable[[F], F]:
    """The IDS argument and ``--ids-file``."""

    def decorate(command: F) -> F:
        command = click.option(
            "--ids-file",
            type=click.File(encoding="utf-8"),
            help=f"Read {what} from a file, one a line ('#' starts a comment).",
        )(command)
        return click.argument("ids", nargs=-1)(command)

    return decorate


def neighbour_options(command: F) -> F:
    """``--citing``, ``--references`` and ``--seeds/--no-seeds``."""
    for option in reversed(
        [
            click.option("--citing", is_flag=True, help="Also fetch the works citing IDS."),
            click.option("--references", is_flag=True, help="Also fetch the works IDS cite."),
            click.option(
                "--seeds/--no-seeds",
                default=True,
                show_default=True,
                help="Fetch the IDS works themselves (--no-seeds: only their neighbours).",
            ),
        ]
    ):
        command = option(command)
    return command


def all_ids(ids: tuple[str, ...], ids_file: Any) -> list[str]:
    """IDS given as arguments, then those of ``--ids-file``."""
    chosen = list(ids)
    if ids_file is not None:
        for line in ids_file:
            value = line.split("#", 1)[0].strip()
            if value:
                chosen.append(value)
    return chosen


@contextmanager
def stderr_progress(label: str) -> Iterator[Progress]:
    """Yield a ``progress(done, expected)`` callback that keeps one stderr line current.

    The line is drawn only on a terminal, so logs and pipes stay clean.
    """
    drawn = False
    live = sys.stderr.isatty()

    def update(done: int, expected: int) -> None:
        nonlocal drawn
        if live:
            total = f" / {expected:,}" if expected > done else ""
            click.echo(f"\r{label}: {done:,}{total} records", nl=False, err=True)
            drawn = True

    try:
        yield update
    finally:
        if drawn:
            click.echo(err=True)


def run(label: str, fetch: Callable[..., FetchReport], as_json: bool, **options: Any) -> None:
    """Call one library fetch with a progress line; print its report; map its errors."""
    try:
        with stderr_progress(label) as progress:
            report = fetch(progress=progress, **options)
    except FetchRequestError as err:
        raise click.UsageError(str(err)) from err
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err
    except KeyboardInterrupt:
        raise click.ClickException(
            f"interrupted; {options['output']} keeps every page written: run the same "
            "command again to resume"
        ) from None
    summary = report.summary()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    how = "resumed, " if report.resumed else ""
    click.echo(
        f"wrote {_count(report.records, 'record')} to {report.output} ({how}"
        f"{_count(report.pages, 'page')}, {_count(report.requests, 'request')}, "
        f"{report.seconds:.1f} s); it holds {_count(report.total_records, 'record')}"
    )
    if report.duplicates:
        click.echo(f"left out {_count(report.duplicates, 'record')} already written")
    if report.not_found:
        click.echo(f"not found: {', '.join(report.not_found)}")


def _count(number: int, noun: str) -> str:
    """``1 record``, ``2 records``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@click.group("fetch")
def fetch_group() -> None:
    """Fetch records from OpenAlex, Semantic Scholar or arXiv into JSON Lines.

    The files hold the services' records, one per line, for `graphbuild build` to read.
    Run the same command again after an interruption and it resumes where it stopped.
    Keys come from the environment only: OPENALEX_MAILTO, OPENALEX_API_KEY, S2_API_KEY.

    \b
    Example:
      graphbuild fetch openalex W2741809807 --citing --references -o works.jsonl
      graphbuild build works.jsonl -o graph.graphml
    """


@fetch_group.command("openalex")
@ids_options("work ids")
@click.option("--search", help="Full-text search of titles, abstracts and full texts.")
@click.option(
    "--filter",
    "filter",
    help="An OpenAlex filter, applied to every query "
    "(e.g. 'from_publication_date:2020-01-01,type:article').",
)
@neighbour_options
@click.option(
    "--per-page",
    type=click.IntRange(1, openalex.MAX_PER_PAGE),
    default=openalex.MAX_PER_PAGE,
    show_default=True,
    help="Works per page.",
)
@common_options("OpenAlex", openalex.URL_ENV, openalex.MIN_INTERVAL)
def fetch_openalex_command(
    ids: tuple[str, ...], ids_file: Any, as_json: bool, **options: Any
) -> None:
    """Fetch OpenAlex works (IDS, a search or a filter) into JSON Lines.

    Each line is one Work object exactly as the /works API gives it. IDS are work ids
    (W2741809807 or https://openalex.org/W2741809807). Set OPENALEX_MAILTO to join the
    polite pool; OPENALEX_API_KEY is sent when set.

    \b
    Examples:
      graphbuild fetch openalex W3045921891 W3046863325 --citing --references -o snowball.jsonl
      graphbuild fetch openalex --search "knowledge graph" --filter publication_year:2024 \\
          --max-records 500 -o kg.jsonl
    """
    run(
        "openalex",
        openalex.fetch_openalex,
        as_json,
        ids=all_ids(ids, ids_file),
        **options,
    )


@fetch_group.command("s2")
@ids_options("paper ids")
@click.option("--search", help="A bulk search query (S2 syntax: '\"graph neural\" +survey').")
@neighbour_options
@click.option(
    "--fields",
    default=semantic_scholar.DEFAULT_FIELDS,
    show_default=True,
    help="Paper fields of the IDS papers and search results.",
)
@click.option(
    "--edge-fields",
    default=semantic_scholar.EDGE_FIELDS,
    show_default=True,
    help="Fields of the citing / cited papers.",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, semantic_scholar.MAX_PAGE),
    default=semantic_scholar.MAX_PAGE,
    show_default=True,
    help="Citing / cited papers per request.",
)
@common_options("Semantic Scholar", semantic_scholar.URL_ENV, semantic_scholar.MIN_INTERVAL)
def fetch_s2_command(ids: tuple[str, ...], ids_file: Any, as_json: bool, **options: Any) -> None:
    """Fetch Semantic Scholar papers (IDS or a search) into JSON Lines.

    Each line is a Graph API paper object. The works citing / cited by IDS are written
    a page at a time as the seed's paper object with them nested:
    {"paperId": seed, "citations": [...]}. IDS: S2 paperIds, CorpusId:…, DOI:…, ARXIV:…,
    PMID:…, ACL:…, or bare DOIs / arXiv ids. S2_API_KEY is sent when set.

    \b
    Example:
      graphbuild fetch s2 ARXIV:1706.03762 --citing --references -o attention.jsonl
    """
    run(
        "s2",
        semantic_scholar.fetch_s2,
        as_json,
        ids=all_ids(ids, ids_file),
        **options,
    )


@fetch_group.command("arxiv")
@ids_options("arXiv ids")
@click.option("--search", help="An arXiv search_query (e.g. 'ti:\"graph neural\" AND cat:cs.LG').")
@click.option("--sort-by", type=click.Choice(arxiv.SORT_BY), default="relevance", show_default=True)
@click.option(
    "--sort-order", type=click.Choice(arxiv.SORT_ORDER), default="descending", show_default=True
)
@click.option("--from", "from_date", metavar="YYYY-MM-DD", help="Harvest by OAI-PMH from this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Harvest by OAI-PMH until this day.")
@click.option("--set", "set_spec", metavar="SET", help="Harvest one OAI-PMH set (cs, math, …).")
@click.option(
    "--page-size",
    type=click.IntRange(1, arxiv.MAX_PAGE),
    default=arxiv.PAGE_SIZE,
    show_default=True,
    help="Atom entries per request.",
)
@common_options("arXiv", f"{arxiv.URL_ENV} / ${arxiv.OAI_URL_ENV}", arxiv.MIN_INTERVAL)
def fetch_arxiv_command(ids: tuple[str, ...], ids_file: Any, as_json: bool, **options: Any) -> None:
    """Fetch arXiv records (IDS or a search by the API, or an OAI-PMH harvest) into JSON Lines.

    arXiv answers in XML; each line is the record in the JSON layout of arXiv's metadata
    snapshot (id, authors, title, abstract, categories, doi, versions, …). With --from,
    --until or --set the records come from OAI-PMH (arXiv's way for bulk harvests);
    --base-url is then the OAI endpoint.

    \b
    Examples:
      graphbuild fetch arxiv --search 'cat:cs.CL AND ti:"knowledge graph"' \\
          --max-records 300 -o kg.jsonl
      graphbuild fetch arxiv 1706.03762 2106.09685 -o two.jsonl
      graphbuild fetch arxiv --from 2024-01-01 --until 2024-01-02 --set cs -o cs-day.jsonl
    """
    run(
        "arxiv",
        arxiv.fetch_arxiv,
        as_json,
        ids=all_ids(ids, ids_file),
        **options,
    )
