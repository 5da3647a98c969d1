"""Benchmark the Neo4j loader against a naive per-row MERGE loader and apoc.import.graphml.

Synthesises a graph of the data model (default 25,000 papers x 4 mentions: ~100,000 MENTIONS,
~120,000 CO_MENTIONED, 2,500 INTRODUCES), then times, each into an empty database:

* graphbuild's loader (``load_graph``), best and median of ``--repeat`` runs, and a reload;
* a naive loader sending one ``MERGE`` statement (one transaction) per relationship, timed
  on a sample of ``--naive-sample`` relationships and extrapolated (said so in the output);
* ``CALL apoc.import.graphml`` on the same graph's GraphML (sent as bytes).

Prints relationships per second, wall times, ratios and the peak memory of this process.

Usage:
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... python benchmarks/bench_load.py
    python benchmarks/bench_load.py --temp-server        # start a throw-away local server
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import itertools
import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterable
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
            "MATCH (n) WHERE n:Paper OR n:Entity RETURN count(n) AS n"  # not the load lock
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
    driver: neo4j.Driver, database: str | None, source: bytes | str, batch_size: int | None
) -> tuple[float, dict[str, Any]]:
    """Run apoc.import.graphml on a file of the server's import folder (str) or bytes."""
    config: dict[str, Any] = {"readLabels": True}
    if isinstance(source, bytes):
        config["compression"] = "NONE"
    if batch_size:
        config["batchSize"] = batch_size
    with driver.session(database=database) as session:
        started = time.perf_counter()
        record = session.run(
            "CALL apoc.import.graphml($source, $config)", source=source, config=config
        ).single()
        return time.perf_counter() - started, dict(record)


def rust_extension() -> bool:
    return importlib.util.find_spec("neo4j._rust") is not None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=25_000)
    parser.add_argument("--mentions", type=int, default=4)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed loads of each loader")
    parser.add_argument("--naive-sample", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--apoc-batch-size",
        type=int,
        default=None,
        help="APOC's batchSize (default: APOC's own, 20000)",
    )
    parser.add_argument("--skip-apoc", action="store_true")
    parser.add_argument(
        "--import-dir",
        help="the server's import folder, as seen from here "
        "(automatic with --temp-server); without it the GraphML goes as bytes",
    )
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    parser.add_argument(
        "--username",
        default=os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j",
    )
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"))
    parser.add_argument(
        "--temp-server",
        action="store_true",
        help="start a throw-away local server (graphbuild.neo4j.server)",
    )
    args = parser.parse_args(argv)

    from graphbuild.formats.graphml import write_graphml
    from graphbuild.neo4j import server as neo4j_server
    from graphbuild.neo4j.loader import load_graph
    from graphbuild.neo4j.settings import password_from_env

    password = password_from_env()
    server = None
    if args.temp_server or not args.uri:
        server = neo4j_server.start_server(password=password, temp=True)
        args.uri = server.bolt_uri
        args.import_dir = str(server.home / "import")
    try:
        started = time.perf_counter()
        graph = synthesize(args.papers, args.mentions, args.entities)
        by_type = {k: 0 for k in ("MENTIONS", "INTRODUCES", "CO_MENTIONED")}
        for _, _, key in graph.edges(keys=True):
            by_type[key] += 1
        rels = graph.number_of_edges()
        print(
            f"graph: {graph.number_of_nodes():,} nodes, {rels:,} relationships "
            f"({', '.join(f'{k} {n:,}' for k, n in by_type.items())}); "
            f"synthesised in {time.perf_counter() - started:.1f} s"
        )
        print(
            f"python {sys.version.split()[0]}, neo4j driver {neo4j.__version__}, "
            f"rust extension: {'yes' if rust_extension() else 'no'}; "
            f"{os.cpu_count()} cores; server {args.uri}"
        )
        options = {
            k: v for k, v in (("batch_size", args.batch_size), ("workers", args.workers)) if v
        }
        connection = {
            "uri": args.uri,
            "username": args.username,
            "password": password,
            "database": args.database,
        }
        with neo4j.GraphDatabase.driver(
            args.uri, auth=(args.username, password), notifications_min_severity="OFF"
        ) as driver:
            times = []
            for run in range(args.repeat):
                wipe(driver, args.database)
                report = load_graph(graph, **connection, **options)
                assert counts(driver, args.database) == (graph.number_of_nodes(), rels)
                times.append(report.seconds)
                phases = ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items() if v > 0.05)
                print(
                    f"  loader run {run + 1}: {report.seconds:.2f} s, "
                    f"{rels / report.seconds:,.0f} rels/s (seconds per statement, summed "
                    f"over workers: {phases})"
                )
            reload = load_graph(graph, **connection, **options)
            best, median = min(times), statistics.median(times)
            print(
                f"graphbuild loader: best {best:.2f} s = {rels / best:,.0f} rels/s, median "
                f"{median:.2f} s = {rels / median:,.0f} rels/s (whole load: nodes, "
                f"relationships, counts, strengths); reload of the same graph "
                f"{reload.seconds:.2f} s (nothing changed)"
            )

            wipe(driver, args.database, relationships_only=True)
            naive = naive_rate(driver, args.database, graph, args.naive_sample)
            print(
                f"naive loader (one MERGE statement per relationship, auto-commit): "
                f"{naive:,.0f} rels/s measured on a sample of {args.naive_sample:,} "
                f"relationships; extrapolated to {rels:,}: {rels / naive:,.0f} s"
            )

            apoc_best = None
            if not args.skip_apoc:
                source: bytes | str
                if args.import_dir:
                    os.makedirs(args.import_dir, exist_ok=True)
                    write_graphml(graph, os.path.join(args.import_dir, "bench-load.graphml"))
                    source = "bench-load.graphml"
                    size = os.path.getsize(os.path.join(args.import_dir, source))
                    how = "a file in the server's import folder"
                else:
                    buffer = io.BytesIO()
                    write_graphml(graph, buffer)
                    source = buffer.getvalue()
                    size = len(source)
                    how = "bytes sent as a parameter"
                apoc_times = []
                for run in range(args.repeat):
                    wipe(driver, args.database)
                    try:
                        seconds, record = apoc_import(
                            driver, args.database, source, args.apoc_batch_size
                        )
                    except neo4j.exceptions.Neo4jError as err:
                        print(
                            f"  apoc run {run + 1} failed "
                            f"(batchSize {args.apoc_batch_size or 'default'}): "
                            f"{' '.join(str(err.message).split())[:200]}"
                        )
                        args.apoc_batch_size = 5_000
                        continue
                    assert record["relationships"] == rels, record
                    apoc_times.append(seconds)
                    print(
                        f"  apoc run {run + 1}: {seconds:.2f} s, {rels / seconds:,.0f} rels/s"
                        f" (batchSize {args.apoc_batch_size or 'default'})"
                    )
                if apoc_times:
                    apoc_best = min(apoc_times)
                    print(
                        f"apoc.import.graphml ({size / 1e6:.0f} MB GraphML, {how}): "
                        f"best {apoc_best:.2f} s = {rels / apoc_best:,.0f} rels/s, median "
                        f"{statistics.median(apoc_times):.2f} s"
                    )
            wipe(driver, args.database)

        print(
            f"ratios (best runs): loader / naive = {(rels / best) / naive:,.0f}x"
            + (f", loader / apoc = {apoc_best / best:.2f}x" if apoc_best else "")
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"peak memory of this Python process: {peak:,.0f} MiB "
            "(graph, GraphML bytes and rows included)"
        )
    finally:
        if server is not None:
            neo4j_server.stop_server(server.home)


if __name__ == "__main__":
    main()
