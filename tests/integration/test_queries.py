"""Every library query against the sample graph in a real Neo4j, checked against networkx."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graphbuild.analysis import AnalysisOptions, analyse_graph
from graphbuild.cli.neo4j import query as query_command
from graphbuild.neo4j.cypher import read_cypher
from graphbuild.neo4j.loader import load_graph
from graphbuild.neo4j.queries import list_queries, run_query
from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples
from tests.integration.conftest import wipe

TESTED: set[str] = set()


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """The sample graph with the analysis attributes (communities, centrality, trends)."""
    built = build_graph(bundled_samples()).graph
    analyse_graph(built, AnalysisOptions(period="month", listing_year=2024))
    return built


@pytest.fixture(scope="module")
def loaded(neo4j_driver, neo4j_settings, graph):
    """The sample graph, loaded once for this module into an emptied database."""
    wipe(neo4j_driver, neo4j_settings.database)
    load_graph(
        graph,
        uri=neo4j_settings.uri,
        username=neo4j_settings.username,
        password=neo4j_settings.password,
        database=neo4j_settings.database,
    )
    return neo4j_driver


def rows(loaded, settings, query: str, **params: Any) -> list[dict[str, Any]]:
    TESTED.add(query)
    return list(run_query(loaded, query, params, database=settings.database).rows)


def entity(graph: nx.MultiDiGraph, name: str) -> str:
    """The id of the entity called ``name`` (the most mentioned one if several)."""
    found = [n for n, d in graph.nodes(data=True) if d.get("name") == name]
    return max(found, key=lambda n: graph.nodes[n]["paper_count"])


def pairs(graph: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        tuple(sorted((u, v))): d
        for u, v, k, d in graph.edges(keys=True, data=True)
        if k == "CO_MENTIONED"
    }


def papers_naming(graph: nx.MultiDiGraph, entity_id: str) -> set[str]:
    return {u for u, _, k in graph.in_edges(entity_id, keys=True) if k == "MENTIONS"}


def label(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node]["labels"].lstrip(":")


def test_top_pairs(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "top_pairs", limit=5, min_weight=2)
    weights = sorted((d["weight"] for d in pairs(graph).values()), reverse=True)
    assert [r["papers"] for r in found] == weights[:5]
    assert (found[0]["entity_a"], found[0]["entity_b"]) == ("BERT", "Transformer")
    # (the weight follows extraction: the strongest pair's, read from the graph)
    assert found[0]["papers"] == pairs(graph)[("bert", "transformer")]["weight"] == weights[0]


def test_strongest_associations(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "strongest_associations", limit=3)
    expected = sorted(
        (
            (d["association_strength"], d["weight"])
            for d in pairs(graph).values()
            if d["weight"] >= 3
        ),
        reverse=True,
    )[:3]
    assert [(r["association_strength"], r["papers"]) for r in found] == expected
    assert all(r["papers"] >= 3 for r in found)


def test_models_on_benchmark(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "models_on_benchmark", benchmark="glue", limit=100)
    glue_papers = papers_naming(graph, "glue")
    expected: Counter[str] = Counter()
    for paper in glue_papers:
        for _, target, key in graph.out_edges(paper, keys=True):
            if key == "MENTIONS" and label(graph, target) == "Model":
                expected[graph.nodes[target]["name"]] += 1
    assert {r["model"]: r["papers"] for r in found} == dict(expected)
    assert found[0]["benchmark"] == "GLUE" and found[0]["model"] == "BERT"
    assert len(found[0]["example_titles"]) == min(3, found[0]["papers"])


def test_datasets_with_method(loaded, neo4j_settings, graph):
    # by alias, case-insensitively
    found = rows(loaded, neo4j_settings, "datasets_with_method", method="low-rank adaptation")
    expected: Counter[str] = Counter()
    for paper in papers_naming(graph, "lora"):
        for _, target, key in graph.out_edges(paper, keys=True):
            if key == "MENTIONS" and label(graph, target) in ("Dataset", "Benchmark"):
                expected[graph.nodes[target]["name"]] += 1
    assert {r["dataset"]: r["papers"] for r in found} == dict(expected)
    assert {r["method"] for r in found} == {"LoRA"}
    assert found[0]["dataset"] == "GLUE"


def test_introduced_and_used(loaded, neo4j_settings, graph):
    introduced = Counter(v for _, v, k in graph.edges(keys=True) if k == "INTRODUCES")
    # an entity introduced by one paper and used by others
    target = next(e for e, n in introduced.most_common() if len(papers_naming(graph, e)) > n)
    found = rows(loaded, neo4j_settings, "introduced_and_used", name=target)
    introducers = {u for u, v, k in graph.in_edges(target, keys=True) if k == "INTRODUCES"}
    assert {r["paper"] for r in found if r["role"] == "introduces"} == introducers
    assert {r["paper"] for r in found if r["role"] == "uses"} == (
        papers_naming(graph, target) - introducers
    )
    assert found[0]["role"] == "introduces" and found[0]["rule"]


def test_neighbourhood(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "neighbourhood", name="BERT", limit=10)
    weights = sorted(
        (d["weight"] for (a, b), d in pairs(graph).items() if "bert" in (a, b)), reverse=True
    )
    assert [r["co_mentioned"]["weight"] for r in found] == weights[:10]
    assert all(r["entity"]["name"] == "BERT" for r in found)
    assert all(r["entity"]["_labels"] == ["Entity", "Model"] for r in found)
    assert found[0]["neighbour"]["name"] == "Transformer"
    assert found[0]["co_mentioned"]["_type"] == "CO_MENTIONED"


def test_shortest_path(loaded, neo4j_settings, graph):
    undirected = nx.Graph(list(pairs(graph)))
    source, target = entity(graph, "GLUE"), entity(graph, "CLIP")
    found = rows(loaded, neo4j_settings, "shortest_path", **{"from": "GLUE", "to": "clip"})
    assert len(found) == 1
    assert found[0]["hops"] == nx.shortest_path_length(undirected, source, target)
    assert found[0]["entities"][0] == "GLUE" and found[0]["entities"][-1] == "CLIP"
    assert len(found[0]["weights"]) == len(found[0]["via_papers"]) == found[0]["hops"]
    names = {graph.nodes[n]["name"]: n for n in graph if "name" in graph.nodes[n]}
    chain = [names[name] for name in found[0]["entities"]]
    for (a, b), title in zip(
        zip(chain[:-1], chain[1:], strict=True), found[0]["via_papers"], strict=True
    ):
        both = papers_naming(graph, a) & papers_naming(graph, b)
        assert title == min(graph.nodes[p]["title"] for p in both)  # a title, not an id


def test_central_entities(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "central_entities", limit=5)
    weighted: Counter[str] = Counter()
    for (a, b), d in pairs(graph).items():
        weighted[a] += d["weight"]
        weighted[b] += d["weight"]
    assert [r["weighted_degree"] for r in found] == [w for _, w in weighted.most_common(5)]
    assert found[0]["entity"] == "Transformer"
    models = rows(loaded, neo4j_settings, "central_entities", type="model", limit=3)
    assert [r["entity"] for r in models][0] == "BERT" and {r["type"] for r in models} == {"Model"}


def test_first_appearance(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "first_appearance", limit=1000)
    assert len(found) == sum(
        1 for n, d in graph.nodes(data=True) if d["labels"] != ":Paper" and papers_naming(graph, n)
    )
    order = {"Mar 12": "????-03-12", "Mar 14": "????-03-14", "May 9": "????-05-09"}
    by_name = {r["entity"]: r for r in found}
    for name in ("BERT", "LoRA", "GLUE"):
        dates = [graph.nodes[p]["listing_date"] for p in papers_naming(graph, entity(graph, name))]
        assert by_name[name]["first_seen"] == min(order[d] for d in dates)
    assert [r["first_seen"] for r in found] == sorted(r["first_seen"] for r in found)
    assert found[-1]["first_seen"] == "????-05-09"


def test_entity_papers(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "entity_papers", name="bert", limit=100)
    assert {r["paper"] for r in found} == papers_naming(graph, "bert")
    assert found[0]["in_title"] is True
    assert all(isinstance(r["surfaces"], list) for r in found)


def test_search_entities(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "search_entities", text="LLaMA", limit=100)
    expected = {
        n
        for n, d in graph.nodes(data=True)
        if d["labels"] != ":Paper"
        and (
            "llama" in d["name"].lower()
            or "llama" in n
            or any("llama" in a.lower() for a in json.loads(d["aliases"]))
        )
    }
    assert {r["id"] for r in found} == expected
    assert found[0]["entity"] == "LLaMA-2"


def test_papers_naming_both(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "papers_naming_both", a="BERT", b="glue")
    assert {r["paper"] for r in found} == set(json.loads(pairs(graph)[("bert", "glue")]["papers"]))
    assert len(found) == pairs(graph)[("bert", "glue")]["weight"]


def test_overview(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "overview")
    nodes = Counter(entity_types(graph).values())
    nodes["Paper"] = sum(1 for _, d in graph.nodes(data=True) if d["labels"] == ":Paper")
    nodes["Entity"] = graph.number_of_nodes() - nodes["Paper"]
    rels = Counter(k for _, _, k in graph.edges(keys=True))
    assert {r["name"]: r["count"] for r in found if r["kind"] == "node"} == dict(nodes)
    assert {r["name"]: r["count"] for r in found if r["kind"] == "relationship"} == dict(rels)


def test_query_command_prints_a_table_and_json(loaded, neo4j_settings, graph):
    args = [
        "--uri",
        neo4j_settings.uri,
        "--username",
        neo4j_settings.username,
        "--password",
        neo4j_settings.password,
        "--database",
        neo4j_settings.database,
    ]
    runner = CliRunner()
    table = runner.invoke(query_command, ["top_pairs", "-p", "limit=3", *args])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split() == [
        "entity_a",
        "type_a",
        "entity_b",
        "type_b",
        "papers",
        "association_strength",
    ]
    assert lines[2].split()[:2] == ["BERT", "Model"] and lines[-1] == "(3 rows)"
    as_json = runner.invoke(
        query_command, ["top_pairs", "-p", "limit=3", "--format", "json", *args]
    )
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)[0]["papers"] == max(
        d["weight"] for d in pairs(graph).values()
    )
    assert neo4j_settings.password not in table.output + as_json.output


def entity_types(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The type Neo4j gives each entity: the one most of its papers give it (MENTIONS
    `typed_as`), a tie going to the first of Model, Dataset, Benchmark, Method."""
    order = ("Model", "Dataset", "Benchmark", "Method")
    votes: dict[str, Counter[str]] = {}
    for _, e, key, data in graph.edges(keys=True, data=True):
        if key == "MENTIONS":
            votes.setdefault(e, Counter())[data["typed_as"]] += 1
    return {
        e: max(order, key=lambda t: (counts[t], -order.index(t))) for e, counts in votes.items()
    }


README = Path(__file__).resolve().parents[2] / "README.md"


def browser_block() -> tuple[str, str]:
    """The README's Browser example: its `:params` map and the query pasted after it."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Neo4j Browser style", 1)[1]
    block = section.split("```\n", 2)[1]
    lines = block.rstrip("`\n").splitlines()
    params = [line for line in lines if line.startswith(":params")]
    assert len(params) == 1, "the Browser example sets its parameters with one :params line"
    query = "\n".join(line for line in lines if not line.startswith(":"))
    return params[0][len(":params") :].strip(), query


def test_the_readme_browser_lines_work_as_browser_sends_them(loaded, neo4j_settings):
    """`:params {limit: 25}` arrives as 25.0 (Browser sends JavaScript numbers as floats);
    the pasted query must run with it and give what the library gives."""
    params_map, query = browser_block()
    assert (
        query.strip()
        == "\n".join(
            line
            for line in read_cypher("queries/neighbourhood").splitlines()
            if not line.startswith("//")
        ).strip()
    )
    records, _, _ = loaded.execute_query(
        f"RETURN {params_map} AS p", database_=neo4j_settings.database
    )
    sent = {k: float(v) if isinstance(v, int) else v for k, v in records[0]["p"].items()}
    assert isinstance(sent["limit"], float)
    browser, _, _ = loaded.execute_query(query, sent, database_=neo4j_settings.database)
    library = run_query(
        loaded, "neighbourhood", {"name": sent["name"]}, database=neo4j_settings.database
    )
    assert len(browser) == len(library.rows) > 0
    assert [r["neighbour"]["name"] for r in browser] == [
        r["neighbour"]["name"] for r in library.rows
    ]
    # an optional parameter set to null takes the query's own default
    nulls = {**sent, "limit": None, "min_weight": None}
    again, _, _ = loaded.execute_query(query, nulls, database_=neo4j_settings.database)
    assert len(again) == len(library.rows)


def test_nothing_matched_says_so_and_suggests_search_entities(loaded, neo4j_settings):
    args = ["--uri", neo4j_settings.uri, "--password", neo4j_settings.password]
    args += ["--database", neo4j_settings.database]
    result = CliRunner().invoke(query_command, ["neighbourhood", "-p", "name=NoSuchThing", *args])
    assert result.exit_code == 0, result.output
    assert "nothing matched name='NoSuchThing'" in result.output
    assert "graphbuild query search_entities -p text=NoSu" in result.output
    found = CliRunner().invoke(query_command, ["neighbourhood", "-p", "name=BERT", *args])
    assert "nothing matched" not in found.output


def test_community_members(loaded, neo4j_settings, graph):
    entities = {n: d for n, d in graph.nodes(data=True) if d["labels"] != ":Paper"}
    largest = [n for n, d in entities.items() if d["community"] == 0]
    found = rows(loaded, neo4j_settings, "community_members", limit=1000)
    assert sorted(r["entity"] for r in found) == sorted(entities[n]["name"] for n in largest)
    assert [r["papers"] for r in found] == sorted((r["papers"] for r in found), reverse=True)
    of_bert = rows(loaded, neo4j_settings, "community_members", name="bert", limit=3)
    assert {r["community"] for r in of_bert} == {entities["bert"]["community"]}


def test_rising_entities(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "rising_entities", limit=10)
    latest = max(d["period"] for _, d in graph.nodes(data=True) if "period" in d)

    def key(data: dict[str, Any]) -> tuple[float, float, str]:
        ongoing = data.get("burst_weight", 0.0) if data.get("burst_end") == latest else 0.0
        return (-ongoing, -data["growth"], data["name"])

    dated = [d for _, d in graph.nodes(data=True) if d.get("dated_papers")]
    expected = [d["name"] for d in sorted(dated, key=key)[:10]]
    assert [r["entity"] for r in found] == expected
    assert found[0]["burst"] is True and found[0]["burst_end"] == latest
    models = rows(loaded, neo4j_settings, "rising_entities", type="model", limit=5)
    assert {r["type"] for r in models} == {"Model"}


def test_central_by_type(loaded, neo4j_settings, graph):
    found = rows(loaded, neo4j_settings, "central_by_type", measure="betweenness", limit=3)
    entities = [d for _, d in graph.nodes(data=True) if d["labels"] != ":Paper"]
    for entity_type in ("Benchmark", "Dataset", "Method", "Model"):
        ranked = sorted(
            (d for d in entities if d["type"] == entity_type),
            key=lambda d: (-d["betweenness"], d["name"]),
        )
        got = [(r["entity"], r["score"]) for r in found if r["type"] == entity_type]
        assert got == [(d["name"], d["betweenness"]) for d in ranked[:3]]
    assert rows(loaded, neo4j_settings, "central_by_type", measure="name") == []


def test_every_query_is_tested():
    """Runs last in this module: each library query was checked above (the citation
    queries, which follow CITES, on the shared sources in test_citation_queries.py)."""
    citation = {q.name for q in list_queries() if "[:CITES" in q.text}
    assert {q.name for q in list_queries()} - citation <= TESTED
