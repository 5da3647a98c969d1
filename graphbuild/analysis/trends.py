"""Entities over time: first seen, papers per period, growth and bursts.

A paper's date comes from its record, in this order, and is never invented:

1. ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a time after it ignored);
2. its arXiv id: ``2301.01234`` is January 2023, ``hep-th/9901001`` January 1999;
3. its ``year`` (bibliographic records; for yearly periods only);
4. the Hugging Face listing header (``Mar 12``): it has no year, so it is used only when
   the caller supplies ``listing_year``.

A paper with none of these has no period and is left out of the trends (``dated_papers``
counts the rest). Periods are years (``2023``), months (``2023-03``) or days
(``2023-03-12``); a coarser date than the period asked for (a bare year when months are
asked for) leaves the paper undated.

Per entity, over the corpus' periods from the first to the last dated one (empty ones
included, with zero papers):

* ``first_seen`` / ``last_seen`` — its first and last period;
* ``papers_per_period`` — ``{period: papers}`` for the periods with papers;
* ``growth`` — ``(papers in the last period - papers in the one before) / max(1, papers in
  the one before)``; 0 when the corpus spans one period;
* ``burst`` — whether Kleinberg's two-state burst automaton (the batched form CiteSpace
  uses) puts any period in the high state. Each period ``t`` has ``d_t`` dated papers,
  ``r_t`` of them naming the entity; the base state emits at rate ``p0 = sum r / sum d``,
  the burst state at ``s * p0`` (capped below 1); entering the burst state costs
  ``gamma * ln(periods)``. The cheapest state sequence (Viterbi) gives the bursts;
  ``burst_start``/``burst_end``/``burst_weight`` describe the strongest one, its weight
  being the cost the burst state saves over the base state in those periods.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from graphbuild.analysis.projection import is_corpus_paper, is_entity
from graphbuild.errors import GraphbuildError

__all__ = [
    "DEFAULT_BURST_GAMMA",
    "DEFAULT_BURST_S",
    "Period",
    "Trend",
    "bursts",
    "Trends",
    "paper_period",
    "period_range",
    "rising",
    "trends",
]

Period = Literal["year", "month", "day"]
DEFAULT_BURST_S = 2.0
DEFAULT_BURST_GAMMA = 1.0
_DIGITS = 6

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])")
_NEW_ARXIV = re.compile(r"(?:arxiv:)?(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?", re.IGNORECASE)
_OLD_ARXIV = re.compile(r"(?:arxiv:)?[a-z-]+(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(?:v\d+)?", re.I)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_LISTING = re.compile(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})")


def _format(year: int, month: int | None, day: int | None, period: Period) -> str | None:
    if not 1 <= (month or 1) <= 12 or not 1 <= (day or 1) <= 31:
        return None
    if period == "year":
        return f"{year:04d}"
    if month is None:
        return None
    if period == "month":
        return f"{year:04d}-{month:02d}"
    return None if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def paper_period(
    data: Mapping[str, object], period: Period = "year", listing_year: int | None = None
) -> str | None:
    """The period of a Paper node's attributes, or None when its records give none.

    Args:
        data: The Paper node's attributes (``date``, ``arxiv_id``, ``year``,
            ``listing_date``).
        period: ``year``, ``month`` or ``day``.
        listing_year: The year of Hugging Face listing dates (they carry none).

    Returns:
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None.
    """
    date = data.get("date")
    if isinstance(date, str) and (match := _ISO.match(date.strip())):
        year, month, day = match.groups()
        return _format(int(year), int(month) if month else None, int(day) if day else None, period)
    arxiv = data.get("arxiv_id")
    if isinstance(arxiv, str):
        if match := _NEW_ARXIV.fullmatch(arxiv.strip()):
            return _format(2000 + int(match.group(1)), int(match.group(2)), None, period)
        if match := _OLD_ARXIV.fullmatch(arxiv.strip()):
            yy = int(match.group(1))
            return _format((1900 if yy >= 91 else 2000) + yy, int(match.group(2)), None, period)
    year = data.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and period == "year":
        return _format(year, None, None, period)
    listing = data.get("listing_date")
    match = _LISTING.fullmatch(listing.strip()) if isinstance(listing, str) else None
    if listing_year is not None and match:
        month = _MONTHS.get(match.group(1).lower())
        if month is not None:
            return _format(listing_year, month, int(match.group(2)), period)
    return None


def period_range(first: str, last: str, period: Period) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive (calendar order)."""
    if period == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    if period == "month":
        y, m = int(first[:4]), int(first[5:7])
        out = []
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    import datetime as _dt

    day = _dt.date.fromisoformat(first)
    end = _dt.date.fromisoformat(last)
    out = []
    while day <= end:
        out.append(day.isoformat())
        day += _dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class Burst:
    """One burst: its first and last period index and its weight."""

    start: int
    end: int
    weight: float


def bursts(
    relevant: Sequence[int],
    totals: Sequence[int],
    *,
    s: float = DEFAULT_BURST_S,
    gamma: float = DEFAULT_BURST_GAMMA,
) -> list[Burst]:
    """Kleinberg's two-state burst detection on batched counts (see the module docstring).

    Args:
        relevant: Papers naming the entity in each period.
        totals: Dated papers in each period (``totals[t] >= relevant[t]``).
        s: Ratio of the burst rate to the base rate.
        gamma: Cost factor of entering the burst state.

    Returns:
        The bursts, in time order.
    """
    n = len(totals)
    r_sum, d_sum = sum(relevant), sum(totals)
    if n < 2 or r_sum == 0 or d_sum == 0:
        return []
    p0 = r_sum / d_sum
    p1 = min(s * p0, 0.9999)
    if p1 <= p0:
        return []
    enter = gamma * math.log(n)

    def cost(p: float, r: int, d: int) -> float:
        # -log of the binomial likelihood without the binomial coefficient (same in both states).
        return -(r * math.log(p) + (d - r) * math.log(1 - p))

    costs = [
        (cost(p0, r, d), cost(p1, r, d)) if d else (0.0, 0.0)
        for r, d in zip(relevant, totals, strict=True)
    ]
    # Viterbi over two states; start in the base state.
    best = [costs[0][0], enter + costs[0][1]]
    back: list[tuple[int, int]] = []
    for t in range(1, n):
        to_base = (best[0], 0) if best[0] <= best[1] else (best[1], 1)
        to_burst = (best[0] + enter, 0) if best[0] + enter < best[1] else (best[1], 1)
        back.append((to_base[1], to_burst[1]))
        best = [to_base[0] + costs[t][0], to_burst[0] + costs[t][1]]
    state = 0 if best[0] <= best[1] else 1
    states = [state]
    for t in range(n - 2, -1, -1):
        state = back[t][state]
        states.append(state)
    states.reverse()
    found: list[Burst] = []
    t = 0
    while t < n:
        if states[t] == 1:
            start = t
            while t + 1 < n and states[t + 1] == 1:
                t += 1
            weight = sum(costs[i][0] - costs[i][1] for i in range(start, t + 1))
            found.append(Burst(start, t, round(weight, _DIGITS)))
        t += 1
    return found


@dataclass(frozen=True)
class Trend:
    """The time attributes of one entity (see the module docstring)."""

    papers_per_period: dict[str, int]
    dated_papers: int
    first_seen: str | None = None
    last_seen: str | None = None
    growth: float = 0.0
    burst: bool = False
    burst_start: str | None = None
    burst_end: str | None = None
    burst_weight: float | None = None
    series: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Trends:
    """Per-entity trends, the periods they span and each paper's period."""

    entities: dict[str, Trend]
    periods: list[str]
    paper_periods: dict[str, str]
    undated_papers: int


def trends(
    graph: nx.MultiDiGraph,
    *,
    period: Period = "year",
    listing_year: int | None = None,
    burst_s: float = DEFAULT_BURST_S,
    burst_gamma: float = DEFAULT_BURST_GAMMA,
) -> Trends:
    """Compute the time attributes of every entity of ``graph``.

    Args:
        graph: The knowledge graph (Paper nodes, MENTIONS edges).
        period: ``year``, ``month`` or ``day``.
        listing_year: The year of Hugging Face listing dates, which carry none.
        burst_s: Burst rate ratio ``s``.
        burst_gamma: Burst entry cost factor ``gamma``.

    Returns:
        The trends by entity id, the periods, and the period of each dated paper.

    Raises:
        GraphbuildError: ``period`` is not one of year, month, day.
    """
    if period not in ("year", "month", "day"):
        raise GraphbuildError(f"unknown period {period!r}; use year, month or day")
    paper_periods: dict[str, str] = {}
    undated = 0
    for node, data in graph.nodes(data=True):
        if is_corpus_paper(data):
            found = paper_period(data, period, listing_year)
            if found is None:
                undated += 1
            else:
                paper_periods[str(node)] = found
    per_entity: dict[str, Counter[str]] = {}
    for paper, entity, key in graph.edges(keys=True):
        if key == "MENTIONS":
            per_entity.setdefault(str(entity), Counter())
            when = paper_periods.get(str(paper))
            if when is not None:
                per_entity[str(entity)][when] += 1
    periods = (
        period_range(min(paper_periods.values()), max(paper_periods.values()), period)
        if paper_periods
        else []
    )
    totals_counter = Counter(paper_periods.values())
    totals = [totals_counter[p] for p in periods]
    entities = {}
    for node, data in graph.nodes(data=True):
        if not is_entity(data):
            continue
        counts = per_entity.get(str(node), Counter())
        entities[str(node)] = _trend(counts, periods, totals, burst_s, burst_gamma)
    return Trends(entities, periods, paper_periods, undated)


def _trend(
    counts: Mapping[str, int], periods: list[str], totals: list[int], s: float, gamma: float
) -> Trend:
    dated = sum(counts.values())
    if not dated:
        return Trend({}, 0, series=[0] * len(periods))
    series = [counts.get(p, 0) for p in periods]
    seen = sorted(counts)
    growth = 0.0
    if len(periods) >= 2:
        growth = round((series[-1] - series[-2]) / max(1, series[-2]), _DIGITS)
    found = bursts(series, totals, s=s, gamma=gamma)
    strongest = max(found, key=lambda b: (b.weight, -b.start), default=None)
    return Trend(
        papers_per_period={p: counts[p] for p in seen},
        dated_papers=dated,
        first_seen=seen[0],
        last_seen=seen[-1],
        growth=growth,
        burst=bool(found),
        burst_start=periods[strongest.start] if strongest else None,
        burst_end=periods[strongest.end] if strongest else None,
        burst_weight=strongest.weight if strongest else None,
        series=series,
    )


def rising(found: Trends, top: int = 10) -> list[str]:
    """Ids of the ``top`` rising entities.

    Ranked by the weight of a burst still going on in the last period, then growth, then
    id (as cypher/queries/rising_entities.cypher). Entities without dated papers are left out.
    """
    last = found.periods[-1] if found.periods else None

    def key(item: tuple[str, Trend]) -> tuple[float, float, str]:
        entity, trend = item
        ongoing = trend.burst_weight or 0.0 if trend.burst_end == last else 0.0
        return (-ongoing, -trend.growth, entity)

    candidates = [(e, t) for e, t in found.entities.items() if t.dated_papers]
    return [e for e, _ in sorted(candidates, key=key)[:top]]
