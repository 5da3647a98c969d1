"""The Cypher query library: questions a researcher asks of the loaded graph.

Each query is a file ``cypher/queries/<name>.cypher`` whose header says what it answers
and which parameters it takes::

    // Strongest co-mentioned pairs: the entities most often named by the same papers.
    // params: $limit (int, default 25), $min_weight (int, default 2)

A parameter without a default is required. Types are ``string``, ``int``, ``float`` and
``bool``; values given as text (``--param limit=10``) are converted to them. The query
itself applies the same defaults (``toInteger(coalesce($limit, 25))``), so that it runs in
Neo4j Browser with an optional parameter set to null, and with the floats Browser sends
for numbers (``:params {limit: 25}`` sends 25.0).

When a query that names entities returns nothing, :func:`query_database` says which entity
matched nothing and suggests ``search_entities``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.graph import Node, Path, Relationship

from graphbuild.errors import GraphbuildError
from graphbuild.neo4j.connection import DRIVER_ERRORS, connect, translate_error
from graphbuild.neo4j.cypher import iter_cypher_files, read_cypher
from graphbuild.neo4j.rows import INT_MAX, INT_MIN
from graphbuild.neo4j.settings import Neo4jSettings

QUERY_FOLDER = "queries"
#: Parameters that name an entity (matched on id, name or alias, ignoring case).
ENTITY_PARAMS = frozenset({"name", "from", "to", "a", "b", "benchmark", "method"})
#: Counts the entities one entity parameter matches (for "nothing matched").
ENTITY_EXISTS = "check/entity_exists"


class QueryParameterError(GraphbuildError):
    """A query parameter is unknown, missing or has a value of the wrong type (a usage error)."""


_TYPES: dict[str, type] = {"string": str, "int": int, "float": float, "bool": bool}
_PARAM = re.compile(
    r"\$(?P<name>\w+)\s*\(\s*(?P<type>\w+)\s*(?:,\s*default\s+(?P<default>[^)]*?))?\s*\)"
)


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a library query."""

    name: str
    type: str
    default: Any = None
    required: bool = True

    def convert(self, value: Any) -> Any:
        """Return ``value`` as this parameter's type (text such as ``"10"`` is parsed).

        Raises:
            GraphbuildError: if the value does not fit the type.
        """
        kind = _TYPES[self.type]
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return self._check(value)
        text = str(value).strip()
        self._check(text)
        try:
            if kind is bool:
                if text.lower() in {"true", "yes", "1"}:
                    return True
                if text.lower() in {"false", "no", "0"}:
                    return False
                raise ValueError(text)
            if kind is int and len(text.lstrip("+-")) > 19:
                raise ValueError(text)  # beyond 64 bits; int() of a huge text is slow too
            return self._check(kind(text))
        except ValueError as err:
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise QueryParameterError(
                f"parameter {self.name!r} must be {self._expected()}, not {shown!r}"
            ) from err

    def _expected(self) -> str:
        if self.type == "int":
            return f"an integer from {INT_MIN} to {INT_MAX}"
        if self.type == "float":
            return "a finite number"
        return {"string": "text", "bool": "true or false"}[self.type]

    def _check(self, value: Any) -> Any:
        """Refuse what Neo4j cannot take: text that is not UTF-8, huge or non-finite numbers."""
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise QueryParameterError(
                    f"parameter {self.name!r} is not valid UTF-8 text (check the terminal's "
                    "encoding, or type the value again)"
                ) from None
        elif isinstance(value, int) and not isinstance(value, bool):
            if not INT_MIN <= value <= INT_MAX:
                raise QueryParameterError(
                    f"parameter {self.name!r} must be {self._expected()}, not a number of "
                    f"{len(str(abs(value)))} digits"
                )
        elif isinstance(value, float) and not math.isfinite(value):
            raise QueryParameterError(
                f"parameter {self.name!r} must be {self._expected()}, not {value!r}"
            )
        return value

    def describe(self) -> str:
        """Return ``$name (type, default X)`` as in the query header."""
        if self.required:
            return f"${self.name} ({self.type})"
        return f"${self.name} ({self.type}, default {self.default!r})"


@dataclass(frozen=True)
class Query:
    """A library query: its name, what it answers, its parameters and its Cypher."""

    name: str
    description: str
    params: tuple[QueryParam, ...]
    text: str

    def parameters(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the parameters to send: ``given`` converted, defaults filled in.

        Raises:
            GraphbuildError: on an unknown parameter, a missing required one or a bad value.
        """
        given = dict(given or {})
        known = {param.name: param for param in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryParameterError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; it takes "
                + (", ".join(p.describe() for p in self.params) or "no parameters")
            )
        values: dict[str, Any] = {}
        for param in self.params:
            if param.name in given:
                values[param.name] = param.convert(given[param.name])
            elif param.required:
                raise QueryParameterError(
                    f"query {self.name!r} needs {param.describe()}: add --param {param.name}=VALUE"
                )
            else:
                values[param.name] = param.default
        return values


@dataclass(frozen=True)
class QueryResult:
    """The rows a query returned, as plain Python values (nodes become dicts)."""

    query: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    #: Why there are no rows, when an entity parameter matched nothing (else "").
    note: str = ""


def parse_query(name: str, text: str) -> Query:
    """Parse a query file's header: the description lines, then ``// params: ...``.

    Args:
        name: the query's name (its file name without ``.cypher``).
        text: the file's text.

    Returns:
        The query.

    Raises:
        GraphbuildError: if the header has no description or no params line, or a
            parameter's type or default cannot be read.
    """
    description: list[str] = []
    params_line: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        comment = stripped[2:].strip()
        if comment.lower().startswith("params:"):
            params_line = comment[len("params:") :].strip()
        elif params_line is None:
            description.append(comment)
    if not description or params_line is None:
        raise GraphbuildError(
            f"query {name!r}: the header must say what it answers and end with "
            "'// params: ...' (or '// params: none')"
        )
    params: list[QueryParam] = []
    if params_line.lower() != "none":
        for match in _PARAM.finditer(params_line):
            kind = match["type"].lower()
            if kind not in _TYPES:
                raise GraphbuildError(
                    f"query {name!r}: parameter ${match['name']} has unknown type {kind!r}"
                )
            default_text = match["default"]
            if default_text is None:
                params.append(QueryParam(match["name"], kind))
                continue
            default_text = _unquote(default_text.strip()) if kind == "string" else default_text
            param = QueryParam(match["name"], kind, required=False)
            params.append(QueryParam(match["name"], kind, param.convert(default_text), False))
        if not params:
            raise GraphbuildError(f"query {name!r}: cannot read its params line {params_line!r}")
    return Query(name, " ".join(description), tuple(params), text)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def list_queries() -> list[Query]:
    """Return every library query, sorted by name."""
    folder = iter_cypher_files(QUERY_FOLDER)
    return [parse_query(path.stem, read_cypher(f"{QUERY_FOLDER}/{path.stem}")) for path in folder]


def get_query(name: str) -> Query:
    """Return the library query called ``name``.

    Raises:
        GraphbuildError: if there is none, listing the names there are.
    """
    queries = {query.name: query for query in list_queries()}
    if name not in queries:
        raise GraphbuildError(
            f"no query named {name!r}; choose one of: {', '.join(sorted(queries))} "
            "(graphbuild query --list describes them)"
        )
    return queries[name]


def plain(value: Any) -> Any:
    """Return a query value as plain Python: nodes and relationships become dicts."""
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"_type": value.type, **dict(value)}
    if isinstance(value, Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def run_query(
    driver: neo4j.Driver,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    database: str | None = None,
) -> QueryResult:
    """Run a library query in a read transaction and return its rows.

    Args:
        driver: a connected driver.
        name: the query's name (see :func:`list_queries`).
        params: parameter values, as Python values or text; defaults fill the rest.
        database: the database, or None for the default one.

    Returns:
        The columns and rows.

    Raises:
        GraphbuildError: on an unknown query or parameter, or a bad value.
        neo4j.exceptions.Neo4jError: if the server fails the query.
    """
    query = get_query(name)
    values = query.parameters(params)

    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[dict[str, Any]]]:
        result = tx.run(query.text, values)
        keys = list(result.keys())
        rows = [{key: plain(record[key]) for key in keys} for record in result]
        return keys, rows

    with driver.session(database=database) as session:
        columns, rows = session.execute_read(work)
    return QueryResult(name, tuple(columns), tuple(rows))


def query_database(
    name: str,
    params: Mapping[str, Any] | None = None,
    settings: Neo4jSettings | None = None,
    **connection: Any,
) -> QueryResult:
    """Connect (checking the server as a load does) and run one library query.

    Args:
        name: the query's name.
        params: parameter values, as Python values or text.
        settings: where and as whom to connect (default: the NEO4J_* environment).
        **connection: ``uri``, ``username``, ``password``, ``database`` overriding
            ``settings`` (None values are ignored).

    Returns:
        The columns and rows.

    Raises:
        GraphbuildError: on an unknown query or parameter, or a bad value.
        graphbuild.errors.Neo4jError: if the server cannot be reached or fails the query.
    """
    query = get_query(name)
    query.parameters(params)  # refuse bad parameters before connecting
    if settings is None:
        settings = Neo4jSettings.from_env(**connection)
    elif connection:
        values = {k: v for k, v in connection.items() if v is not None}
        settings = dataclasses.replace(settings, **values)
    driver, _ = connect(settings)
    try:
        result = run_query(driver, name, params, database=settings.database)
        if not result.rows:
            note = unmatched_entities(driver, query.parameters(params), settings.database)
            result = dataclasses.replace(result, note=note)
        return result
    except DRIVER_ERRORS as err:
        raise translate_error(err, settings) from err
    finally:
        driver.close()


def unmatched_entities(
    driver: neo4j.Driver, values: Mapping[str, Any], database: str | None = None
) -> str:
    """Return a note naming the entity parameters that match no entity ("" if all match).

    Args:
        driver: a connected driver.
        values: the parameters a query was run with.
        database: the database, or None for the default one.

    Returns:
        E.g. ``nothing matched name='NoSuchThing' (no entity has that id, name or alias);
        look for its spelling with: graphbuild query search_entities -p text=NoSuch``.
    """
    text = read_cypher(ENTITY_EXISTS)

    def count(tx: neo4j.ManagedTransaction, value: Any) -> int:
        record = tx.run(text, value=value).single()
        return int(record["entities"]) if record is not None else 0

    missing = []
    with driver.session(database=database) as session:
        for key in sorted(ENTITY_PARAMS & values.keys()):
            if not values[key]:
                continue  # an optional entity left out (e.g. community_members without $name)
            if session.execute_read(count, values[key]) == 0:
                missing.append((key, str(values[key])))
    if not missing:
        return ""
    named = ", ".join(f"{key}={value!r}" for key, value in missing)
    hint = missing[0][1][:4] or missing[0][1]
    return (
        f"nothing matched {named} (no entity has that id, name or alias); look for the "
        f"spelling with: graphbuild query search_entities -p text={hint}"
    )


def describe_queries(queries: Sequence[Query] | None = None) -> list[tuple[str, str, str]]:
    """Return (name, description, parameters) for each query, for ``query --list``."""
    return [
        (q.name, q.description, ", ".join(p.describe() for p in q.params) or "none")
        for q in (queries if queries is not None else list_queries())
    ]


__all__ = [
    "Query",
    "QueryParam",
    "QueryParameterError",
    "QueryResult",
    "describe_queries",
    "get_query",
    "list_queries",
    "parse_query",
    "plain",
    "query_database",
    "run_query",
    "unmatched_entities",
]
