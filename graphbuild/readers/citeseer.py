"""CiteSeer with text (``05_citeseer_text_graph``): a texts file and a ``.cites`` file.

``citeseer``
    Three lines a paper: its CiteSeer id, its text (title, then abstract or the start
    of the paper, cut at about 1 KB), its class label. The text has no separator
    between title and body, so the title is guessed: the leading run of capitalised
    words (and short function words), less the last one, which starts the body
    ("Argument in Multi-Agent Systems Multi-agent systems research ..." -> "Argument
    in Multi-Agent Systems"). When no such run is found the title is left empty and
    the paper is named by its id. The whole text is the abstract.
``citeseer-cites``
    ``<cited id>\\t<citing id>`` a line. Each line is read as a record: the citing work
    with one reference. A paper listed as citing itself is left out (there are 124
    such lines in the published file).

Malformed -- a texts record with an empty id or text, a cites line without two ids: an
error naming the line, or a skipped record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphbuild.model import Paper, SourceRef
from graphbuild.readers.base import ParseStream, ReadWarning, RecordProblem
from graphbuild.readers.identity import make_paper
from graphbuild.readers.jsonio import stub
from graphbuild.readers.text import line_problem

SOURCE = "citeseer"
_ID = re.compile(r"\S+")
_FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into of on or the to via with without using towards".split()
)
_CITES_LINE = re.compile(r"(\S+)\t(\S+)")


def looks_like_cites(text: str) -> bool:
    """True when the first lines are all ``<id>\\t<id>``."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    return len(lines) >= 2 and all(_CITES_LINE.fullmatch(line.strip()) for line in lines[:-1])


def looks_like_texts(text: str) -> bool:
    """True for id / text / label triples: one-word first and third lines, a long second."""
    lines = text.splitlines()[:9]
    if len(lines) < 6:
        return False
    for index in range(0, len(lines) - 2, 3):
        ident, body, label = lines[index], lines[index + 1], lines[index + 2]
        if not (_ID.fullmatch(ident) and _ID.fullmatch(label) and len(body.split()) >= 5):
            return False
    return True


def guess_title(text: str) -> str:
    """The title at the start of a CiteSeer text (see the module docstring), or ``""``."""
    words = text.split()
    run = 0
    for word in words:
        if word[:1].isupper() or word[:1].isdigit() or word.lower() in _FUNCTION_WORDS:
            run += 1
        else:
            break
    # The run's last capitalised word starts the body; drop it and trailing function words.
    end = run - 1 if run < len(words) else run
    while end > 0 and words[end - 1].lower() in _FUNCTION_WORDS:
        end -= 1
    return " ".join(words[:end]) if 2 <= end <= 30 else ""


def parse_texts(lines: Iterable[str], path: str) -> ParseStream:
    """Parse the texts file, three lines a paper.

    Yields:
        A ``Paper`` or ``RecordProblem`` per paper; the source is its id line.
    """
    group: list[str] = []
    start = 1
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        problem = line_problem(line)
        if problem is not None:
            yield RecordProblem(SourceRef(path, number), problem)
            return
        if not group:
            if not line.strip():
                continue
            start = number
        group.append(line)
        if len(group) == 3:
            yield _text_paper(group, SourceRef(path, start))
            group = []
    if group:
        yield RecordProblem(
            SourceRef(path, start), f"a record of {len(group)} lines, expected 3 (id, text, label)"
        )


def _text_paper(group: list[str], source: SourceRef) -> Paper | RecordProblem:
    ident, body, label = (part.strip() for part in group)
    if not _ID.fullmatch(ident) or not body or not _ID.fullmatch(label):
        return RecordProblem(source, "expected an id line, a text line and a one-word label line")
    return make_paper(guess_title(body), body, source, ids=(("citeseer", ident),))


def parse_cites(lines: Iterable[str], path: str) -> ParseStream:
    """Parse ``<cited>\\t<citing>`` lines; each becomes the citing work with one reference.

    Yields:
        A ``Paper`` (a stub, ``referenced_only``), ``RecordProblem`` or ``ReadWarning``.
    """
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        source = SourceRef(path, number)
        match = _CITES_LINE.fullmatch(line)
        if match is None:
            yield RecordProblem(source, "expected '<cited id><TAB><citing id>'")
            continue
        cited_id, citing_id = match.groups()
        if cited_id == citing_id:
            yield ReadWarning(source, f"{citing_id} cites itself; left out")
            continue
        cited = stub(source, (("citeseer", cited_id),), citation_source=SOURCE)
        citing = stub(source, (("citeseer", citing_id),), citation_source=SOURCE)
        assert cited is not None and citing is not None
        yield make_paper(
            "",
            "",
            source,
            ids=citing.ids,
            referenced_only=True,
            references=(cited,),
            citation_source=SOURCE,
        )
