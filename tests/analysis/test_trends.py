import json

import pytest

from graphbuild.analysis import trends
from graphbuild.errors import GraphbuildError


@pytest.mark.parametrize(
    ("data", "period", "year", "expected"),
    [
        ({"date": "2023-03-14"}, "year", None, "2023"),
        ({"date": "2023-03-14"}, "month", None, "2023-03"),
        ({"date": "2023-03-14T10:00:00Z"}, "day", None, "2023-03-14"),
        ({"date": "2023"}, "month", None, None),  # a bare year has no month: not invented
        ({"arxiv_id": "2301.01234"}, "month", None, "2023-01"),
        ({"arxiv_id": "2412.12345v2"}, "year", None, "2024"),
        ({"arxiv_id": "hep-th/9901001"}, "month", None, "1999-01"),
        ({"arxiv_id": "math.GT/0309136"}, "year", None, "2003"),
        ({"arxiv_id": "2301.01234"}, "day", None, None),
        ({"listing_date": "Mar 12"}, "month", None, None),  # no year given: undated
        ({"listing_date": "Mar 12"}, "day", 2024, "2024-03-12"),
        ({"listing_date": "May 9"}, "year", 2025, "2025"),
        ({"date": "2022-01-05", "arxiv_id": "2301.01234"}, "year", None, "2022"),  # date wins
        ({"date": "not a date"}, "year", None, None),
        ({"year": 2021}, "year", None, "2021"),
        ({"year": 2021}, "month", None, None),  # a year has no month
        ({"year": 2021, "arxiv_id": "2103.00001"}, "month", None, "2021-03"),
        ({}, "year", 2024, None),
    ],
)
def test_paper_period(data, period, year, expected):
    assert trends.paper_period(data, period, year) == expected


def test_period_range_fills_the_gaps():
    assert trends.period_range("2023-11", "2024-02", "month") == [
        "2023-11",
        "2023-12",
        "2024-01",
        "2024-02",
    ]
    assert trends.period_range("2020", "2022", "year") == ["2020", "2021", "2022"]
    assert trends.period_range("2024-02-28", "2024-03-01", "day") == [
        "2024-02-28",
        "2024-02-29",
        "2024-03-01",
    ]


def test_burst_found_where_the_share_jumps():
    relevant = [1, 1, 1, 1, 9, 10, 1]
    totals = [20] * 7
    (burst,) = trends.bursts(relevant, totals)
    assert (burst.start, burst.end) == (4, 5)
    assert burst.weight > 0


def test_no_burst_in_a_steady_series():
    assert trends.bursts([2, 2, 2, 2, 2], [20] * 5) == []
    assert trends.bursts([3], [10]) == []  # one period: nothing to compare


def test_higher_gamma_needs_a_stronger_rise():
    relevant, totals = [1, 1, 3, 1, 1], [20] * 5
    assert trends.bursts(relevant, totals, gamma=0.1)
    assert not trends.bursts(relevant, totals, gamma=5.0)


def _dated_graph(make_graph):
    items = []
    for year in range(2018, 2024):
        for i in range(10):
            names = ["Base"]
            if year >= 2022 and i < 8:
                names.append("Rising")
            if year == 2019 and i == 0:
                names.append("Old")
            items.append((names, {"date": f"{year}-0{1 + i % 9}-01"}))
    items.append((["Undated"], {}))
    return make_graph(items)


def test_trends_of_each_entity(make_graph):
    graph = _dated_graph(make_graph)
    found = trends.trends(graph, period="year")
    assert found.periods == [str(y) for y in range(2018, 2024)]
    assert found.undated_papers == 1
    rising = found.entities["rising"]
    assert rising.first_seen == "2022" and rising.last_seen == "2023"
    assert rising.papers_per_period == {"2022": 8, "2023": 8}
    assert rising.burst and rising.burst_start == "2022" and rising.burst_end == "2023"
    assert found.entities["base"].burst is False
    assert found.entities["base"].growth == 0.0
    assert found.entities["old"].growth == 0.0 and found.entities["old"].first_seen == "2019"
    undated = found.entities["undated"]
    assert undated.dated_papers == 0 and undated.first_seen is None
    assert trends.rising(found, top=1) == ["rising"]


def test_growth_compares_the_last_two_periods(make_graph):
    items = [(["X"], {"date": "2020-01-01"})] * 2 + [(["X"], {"date": "2021-01-01"})] * 5
    found = trends.trends(make_graph(items))
    assert found.entities["x"].growth == 1.5  # (5 - 2) / 2


def test_unknown_period_is_refused(make_graph):
    with pytest.raises(GraphbuildError, match="unknown period"):
        trends.trends(make_graph([(["X"], {})]), period="week")


def test_sample_listings_need_a_year(sample_build):
    undated = trends.trends(sample_build.graph, period="month")
    assert undated.paper_periods == {} and undated.undated_papers == 433
    dated = trends.trends(sample_build.graph, period="month", listing_year=2024)
    assert dated.periods == ["2024-03", "2024-04", "2024-05"]
    assert len(dated.paper_periods) == 433
    counts = json.dumps(dated.entities["bert"].papers_per_period)
    assert counts.startswith('{"2024-03"')
