"""Benchmark the Neo4j loaders side by side: the driver loader, ``apoc.import.graphml`` and
the bulk import (``neo4j-admin database import full``, :mod:`graphbuild.neo4j.bulk`).

The graph is a GraphML file (``--graph``, e.g. written by ``graphbuild build`` of a
synthetic corpus from benchmarks/synthetic.py) or a synthesised one of the data model
(default 25,000 papers x 4 mentions: ~100,000 MENTIONS, ~120,000 CO_MENTIONED, 2,500
INTRODUCES). Each timed load goes into an empty database of one local server; the methods
alternate within each round (the import first, then driver and APOC in turns), ``--rounds``
rounds, and the figures are medians: seconds, relationships/s, and the median of the
per-round ratios.

* driver: ``load_graph``, the whole load (graph -> rows, schema, nodes, relationships,
  counts, CO_MENTIONED from MENTIONS, association strengths);
* apoc: ``CALL apoc.import.graphml`` of the graph's GraphML in the server's import folder
  (``readLabels``; ``--apoc-batch-size``, 2,000 by default: APOC's own 20,000 runs out of
  a 512 MB heap);
* import: ``bulk.import_graph``, the whole import (write the CSV files, stop the server,
  neo4j-admin, start it and wait for the database, schema and bookkeeping).

Before the first driver or APOC run of a server's life (at the start, and after each import,
which restarts it) the server is warmed up, untimed: a driver load and an APOC import, each
into an empty database. ``--warm-up full`` (the default) loads the whole graph, and prints
those times as the cold figures; ``--warm-up part`` a 2,000-paper part (quicker, but it
left the server's just-in-time compilation of the driver's statements unfinished: the first
timed round was then 1.6x the next ones for the driver, 1.2x for APOC). Every timed driver
and APOC run is made on a warm server.

Usage:
    python benchmarks/bench_load.py --graph graph.graphml --rounds 3
    python benchmarks/bench_load.py --papers 25000 --methods driver,apoc
    python benchmarks/bench_load.py --home ~/.local/share/graphbuild/neo4j  # a running server

Without ``--home`` it starts a local server in a temporary folder and stops it at the end,
with a user's memory (`graphbuild.neo4j.server.DEFAULT_HEAP`, docker-compose.yml's) unless
``--heap`` and ``--page-cache`` say otherwise (the test suite's server: 512m and 128m).
Connection settings (password, user) come from :class:`graphbuild.neo4j.settings.Neo4jSettings`.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx

from graphbuild.build import association_strength


def synthesize(
    papers: int = 25_000, mentions: int = 4, entities: int = 5_000, seed: int = 7
) -> nx.MultiDiGraph:
    """Build a graph of the data model: ``papers`` papers naming ``mentions`` entities each.

    Entities are drawn with a Zipf-like skew (a few hubs, a long tail), as in real listings;
    co-mention pairs, weights, paper lists and association strength follow the README.

    Args:
        papers: number of papers.
        mentions: entities named per paper.
        entities: size of the entity pool.
        seed: random seed (the graph is deterministic for a seed).

    Returns:
        The graph, with list attributes as JSON strings like the pipeline's.
    """
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    types = ("Model", "Dataset", "Benchmark", "Method")
    entity_ids = [f"ent{i:06d}" for i in range(entities)]
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(entities)))
    for i, eid in enumerate(entity_ids):
        label = types[i % 4]
        graph.add_node(
            eid,
            labels=f":{label}",
            id=eid,
            name=f"Entity {i}",
            type=label,
            aliases=json.dumps([f"Entity {i}", f"E-{i}"]),
            paper_count=0,
            mention_count=0,
        )
    pairs: dict[tuple[str, str], list[str]] = {}
    for p in range(papers):
        pid = f"arxiv:{2000 + p // 10000}.{p % 10000:05d}"
        graph.add_node(
            pid,
            labels=":Paper",
            id=pid,
            title=f"Paper number {p}",
            abstract=f"Abstract of paper {p}. " * 5,
            norm_title=f"paper number {p}",
            arxiv_id=pid.split(":")[1],
            authors=json.dumps([f"Author {p % 97}"]),
            sources=json.dumps([f"synthetic.txt:{p + 1}"]),
        )
        chosen: set[str] = set()
        while len(chosen) < mentions:
            chosen.update(rng.choices(entity_ids, cum_weights=cumulative, k=mentions - len(chosen)))
        for n, eid in enumerate(sorted(chosen)):
            count = rng.randint(1, 4)
            graph.add_edge(
                pid,
                eid,
                key="MENTIONS",
                label="MENTIONS",
                count=count,
                in_title=(n == 0),
                surfaces=json.dumps([graph.nodes[eid]["name"]]),
                spans=json.dumps([["abstract", 0, 8]] * count),
            )
            graph.nodes[eid]["paper_count"] += 1
            graph.nodes[eid]["mention_count"] += count
        if p % 10 == 0:
            eid = sorted(chosen)[0]
            graph.add_edge(
                pid,
                eid,
                key="INTRODUCES",
                label="INTRODUCES",
                rule="we_propose",
                surface=graph.nodes[eid]["name"],
            )
        for a, b in itertools.combinations(sorted(chosen), 2):
            pairs.setdefault((a, b), []).append(pid)
    add_co_mentions(graph, pairs)
    return graph


def add_co_mentions(graph: nx.MultiDiGraph, pairs: dict[tuple[str, str], list[str]]) -> None:
    """Add CO_MENTIONED edges with weight, papers and association strength (README formula)."""
    strength = association_strength({pair: len(papers) for pair, papers in pairs.items()})
    for (a, b), papers in sorted(pairs.items()):
        graph.add_edge(
            a,
            b,
            key="CO_MENTIONED",
            label="CO_MENTIONED",
            weight=len(papers),
            papers=json.dumps(sorted(papers)),
            association_strength=strength[(a, b)],
        )


def restrict_to_papers(graph: nx.MultiDiGraph, paper_ids: Iterable[str]) -> nx.MultiDiGraph:
    """Return the graph of some of ``graph``'s papers, as the pipeline would build it.

    Keeps those papers, their MENTIONS and INTRODUCES and the entities they name, with
    paper_count, mention_count and the CO_MENTIONED pairs recomputed from those papers
    alone: what a load of just these papers would bring.
    """
    keep = set(paper_ids)
    sub = nx.MultiDiGraph()
    named: dict[str, list[str]] = {}
    for pid in sorted(keep):
        sub.add_node(pid, **graph.nodes[pid])
        for _, eid, key, data in graph.out_edges(pid, keys=True, data=True):
            if eid not in sub:
                sub.add_node(eid, **dict(graph.nodes[eid], paper_count=0, mention_count=0))
            sub.add_edge(pid, eid, key=key, **data)
            if key == "MENTIONS":
                named.setdefault(pid, []).append(eid)
                sub.nodes[eid]["paper_count"] += 1
                sub.nodes[eid]["mention_count"] += data["count"]
    pairs: dict[tuple[str, str], list[str]] = {}
    for pid, entities in named.items():
        for a, b in itertools.combinations(sorted(entities), 2):
            pairs.setdefault((a, b), []).append(pid)
    add_co_mentions(sub, pairs)
    return sub


# --------------------------------------------------------------------------- the benchmark


def wipe(driver: neo4j.Driver, database: str | None, relationships_only: bool = False) -> None:
    """Empty the database in small transactions (schema kept)."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
        ).consume()
        if not relationships_only:
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def counts(driver: neo4j.Driver, database: str | None) -> tuple[int, int]:
    with driver.session(database=database) as session:
        nodes = session.run(
            "MATCH (n) WHERE NOT n:GraphbuildLock RETURN count(n) AS n"  # not the load lock
        ).single()["n"]
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
    return nodes, rels


NAIVE = {
    "MENTIONS": "MATCH (p:Paper {id: $start}) MATCH (e:Entity {id: $end}) "
    "MERGE (p)-[r:MENTIONS]->(e) SET r += $props",
    "INTRODUCES": "MATCH (p:Paper {id: $start}) MATCH (e:Entity {id: $end}) "
    "MERGE (p)-[r:INTRODUCES]->(e) SET r += $props",
    "CO_MENTIONED": "MATCH (a:Entity {id: $start}) MATCH (b:Entity {id: $end}) "
    "MERGE (a)-[r:CO_MENTIONED]->(b) SET r += $props",
}


def naive_rate(
    driver: neo4j.Driver, database: str | None, graph: nx.MultiDiGraph, sample: int, seed: int = 3
) -> float:
    """Relationships per second of one MERGE statement per relationship (auto-commit)."""
    edges = list(graph.edges(keys=True, data=True))
    chosen = random.Random(seed).sample(edges, min(sample, len(edges)))
    with driver.session(database=database) as session:
        started = time.perf_counter()
        for u, v, key, data in chosen:
            props = {
                k: (json.loads(x) if k in ("surfaces", "papers") else x)
                for k, x in data.items()
                if k != "label"
            }
            session.run(NAIVE[key], start=u, end=v, props=props).consume()
        return len(chosen) / (time.perf_counter() - started)


def apoc_import(
    driver: neo4j.Driver, database: str | None, source: str, batch_size: int
) -> tuple[float, dict[str, Any]]:
    """Run apoc.import.graphml on a file of the server's import folder."""
    config: dict[str, Any] = {"readLabels": True, "batchSize": batch_size}
    with driver.session(database=database) as session:
        started = time.perf_counter()
        record = session.run(
            "CALL apoc.import.graphml($source, $config)", source=source, config=config
        ).single()
        return time.perf_counter() - started, dict(record)


def rust_extension() -> bool:
    return importlib.util.find_spec("neo4j._rust") is not None


def loadable(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, Counter[str]]:
    """The graph without the relationship types the driver loader does not take (yet)."""
    from graphbuild.neo4j.rows import REL_TYPES

    dropped: Counter[str] = Counter()
    for u, v, key, rel_type in list(graph.edges(keys=True, data="label")):
        if str(rel_type or key) not in REL_TYPES:
            graph.remove_edge(u, v, key)
            dropped[str(rel_type or key)] += 1
    return graph, dropped


def median_ratio(a: list[float], b: list[float]) -> float:
    """The median of the per-round ratios a/b."""
    return statistics.median(x / y for x, y in zip(a, b, strict=False))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, help="a GraphML file (else: synthesised)")
    parser.add_argument("--papers", type=int, default=25_000)
    parser.add_argument("--mentions", type=int, default=4)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each method")
    parser.add_argument("--methods", default="import,driver,apoc", help="comma-separated")
    parser.add_argument("--naive-sample", type=int, default=0, help="0: no naive loader")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--apoc-batch-size", type=int, default=2_000)
    parser.add_argument(
        "--warm-up",
        choices=("full", "part"),
        default="full",
        help="untimed load before the timed ones: the whole graph, or a 2,000-paper part",
    )
    parser.add_argument(
        "--home", type=Path, help="folder of a running local server (default: start one)"
    )
    parser.add_argument("--heap", help="Java heap of the server started (default: a user's)")
    parser.add_argument("--page-cache", help="page cache of the server started")
    args = parser.parse_args(argv)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]

    from graphbuild.formats.graphml import read_graphml, write_graphml
    from graphbuild.neo4j import bulk
    from graphbuild.neo4j import server as neo4j_server
    from graphbuild.neo4j.loader import load_graph
    from graphbuild.neo4j.settings import Neo4jSettings

    env = Neo4jSettings.from_env()
    scratch = None
    if args.home is None:
        scratch = Path(tempfile.mkdtemp(prefix="graphbuild-bench-"))
        info = neo4j_server.start_server(
            scratch / "home", password=env.password, heap=args.heap, page_cache=args.page_cache
        )
    else:
        info = neo4j_server.server_status(args.home)
        if info is None:
            raise SystemExit(f"no local server runs in {args.home}: graphbuild neo4j start")
    settings = Neo4jSettings(info.bolt_uri, env.username, env.password, None)
    database = settings.database
    try:
        started = time.perf_counter()
        if args.graph:
            graph, dropped = loadable(read_graphml(args.graph))
            made = f"read from {args.graph.name}"
            if dropped:
                made += " without " + ", ".join(f"{k} {n:,}" for k, n in sorted(dropped.items()))
                made += " (types the driver loader does not take yet)"
        else:
            graph = synthesize(args.papers, args.mentions, args.entities)
            made = "synthesised"
        by_type = Counter(str(k) for *_, k in graph.edges(keys=True))
        rels = graph.number_of_edges()
        print(
            f"graph: {graph.number_of_nodes():,} nodes, {rels:,} relationships "
            f"({', '.join(f'{k} {n:,}' for k, n in sorted(by_type.items()))}); "
            f"{made} in {time.perf_counter() - started:.1f} s"
        )
        print(
            f"python {sys.version.split()[0]}, neo4j driver {neo4j.__version__}, "
            f"rust extension: {'yes' if rust_extension() else 'no'}; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
            f"server {info.bolt_uri} (Neo4j {neo4j_server.NEO4J_VERSION}, "
            f"{info.heap} heap, {info.page_cache} page cache)"
        )
        options = {
            k: v for k, v in (("batch_size", args.batch_size), ("workers", args.workers)) if v
        }
        import_dir = info.home / "import"
        import_dir.mkdir(exist_ok=True)
        if "apoc" in methods:
            write_graphml(graph, import_dir / "bench-load.graphml")
        papers = sorted(n for n, d in graph.nodes(data=True) if d.get("labels") == ":Paper")
        part = restrict_to_papers(graph, papers[:2_000]) if args.graph is None else None
        if part is None:
            part = loadable(nx.MultiDiGraph(graph.subgraph(_neighbourhood(graph, papers[:2_000]))))[
                0
            ]
        write_graphml(part, import_dir / "bench-warm.graphml")
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=settings.auth, notifications_min_severity="OFF"
        )
        cold = True

        def warm_up() -> None:
            nonlocal cold
            if not cold:
                return
            cold = False
            whole = args.warm_up == "full"
            cold_times = []
            if "driver" in methods or not whole:
                wipe(driver, database)
                started = time.perf_counter()
                load_graph(graph if whole else part, settings, **options)
                cold_times.append(f"driver {time.perf_counter() - started:.2f} s")
            if "apoc" in methods or not whole:
                wipe(driver, database)
                source = "bench-load.graphml" if whole else "bench-warm.graphml"
                seconds, _ = apoc_import(driver, database, source, args.apoc_batch_size)
                cold_times.append(f"apoc {seconds:.2f} s")
            if whole:
                print(f"  warm-up on a cold server (untimed): {', '.join(cold_times)}")

        def run_driver() -> tuple[float, str]:
            warm_up()
            wipe(driver, database)
            report = load_graph(graph, settings, **options)
            phases = ", ".join(f"{k} {v:.1f}" for k, v in report.timings.items() if v > 0.5)
            return report.seconds, f"(s per statement, summed over sessions: {phases})"

        def run_apoc() -> tuple[float, str]:
            warm_up()
            wipe(driver, database)
            seconds, record = apoc_import(
                driver, database, "bench-load.graphml", args.apoc_batch_size
            )
            assert record["relationships"] == rels, record
            return seconds, f"(batchSize {args.apoc_batch_size})"

        def run_import() -> tuple[float, str]:
            nonlocal cold, driver
            wipe(driver, database)
            driver.close()
            report = bulk.import_graph(graph, settings, home=info.home)
            driver = neo4j.GraphDatabase.driver(
                settings.uri, auth=settings.auth, notifications_min_severity="OFF"
            )
            cold = True
            steps = ", ".join(f"{k} {v:.1f}" for k, v in report.timings.items())
            return report.seconds, f"({steps})"

        runners: dict[str, Callable[[], tuple[float, str]]] = {
            "driver": run_driver,
            "apoc": run_apoc,
            "import": run_import,
        }
        times: dict[str, list[float]] = {m: [] for m in methods}
        for round_ in range(args.rounds):
            order = list(methods)
            # The import first (it restarts the server); driver and APOC take turns.
            rest = [m for m in order if m != "import"]
            if round_ % 2:
                rest.reverse()
            order = (["import"] if "import" in order else []) + rest
            for method in order:
                seconds, detail = runners[method]()
                found = counts(driver, database)
                assert found[0] == graph.number_of_nodes(), (method, found)
                times[method].append(seconds)
                print(
                    f"  round {round_ + 1} {method:>6}: {seconds:6.2f} s, "
                    f"{rels / seconds:9,.0f} rels/s {detail} [{found[1]:,} relationships]"
                )
        print(f"medians of {args.rounds} rounds ({rels:,} relationships):")
        for method in methods:
            median = statistics.median(times[method])
            print(
                f"  {method:>6}: {median:6.2f} s = {rels / median:9,.0f} rels/s "
                f"(min {min(times[method]):.2f}, max {max(times[method]):.2f})"
            )
        if {"driver", "apoc"} <= set(methods):
            print(
                "  driver vs apoc: "
                f"{median_ratio(times['apoc'], times['driver']):.2f}x "
                "(median of the per-round ratios of apoc's time to the driver's)"
            )
        if {"driver", "import"} <= set(methods):
            print(
                "  import vs driver: "
                f"{median_ratio(times['driver'], times['import']):.2f}x "
                "(median of the per-round ratios of the driver's time to the import's)"
            )
        if args.naive_sample:
            wipe(driver, database, relationships_only=True)
            naive = naive_rate(driver, database, graph, args.naive_sample)
            print(
                f"naive loader (one MERGE statement per relationship, auto-commit): "
                f"{naive:,.0f} rels/s on a sample of {args.naive_sample:,} relationships"
            )
        wipe(driver, database)
        driver.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this Python process: {peak:,.0f} MiB")
    finally:
        if scratch is not None:
            neo4j_server.stop_server(info.home)
            shutil.rmtree(scratch, ignore_errors=True)


def _neighbourhood(graph: nx.MultiDiGraph, papers: list[str]) -> set[str]:
    """The papers and every entity they link to (a part of a built graph to warm up on)."""
    keep = set(papers)
    for paper in papers:
        keep.update(graph.successors(paper))
    return keep


if __name__ == "__main__":
    main()
