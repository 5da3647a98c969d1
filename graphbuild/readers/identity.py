"""Paper identity: title clean-up, normalised titles, arXiv/DOI parsing, ids and de-duplication.

Ids must be stable across runs and machines: they key the graph's paper nodes and
the Neo4j ``MERGE``. Changing anything here that alters an id is a breaking change
(``tests/test_readers.py`` pins a few by hand).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from graphbuild.model import Paper, SourceRef
from graphbuild.readers.base import ReadWarning

# LaTeX command -> text. Greek letters are what titles actually use (PanGu-$\alpha$);
# the few symbols keep titles such as "$\times$" readable.
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()
_GREEK_SMALL = "αβγδεζηθικλμνξοπρστυφχψω"
_LATEX_COMMANDS: dict[str, str] = {
    **dict(zip(_GREEK_NAMES, _GREEK_SMALL, strict=True)),
    **{
        name.capitalize(): letter.upper()
        for name, letter in zip(_GREEK_NAMES, _GREEK_SMALL, strict=True)
    },
    "varepsilon": "ε",
    "vartheta": "θ",
    "varphi": "φ",
    "varsigma": "ς",
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "infty": "∞",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "to": "→",
    "rightarrow": "→",
    "&": "&",
    "%": "%",
    "_": "_",
    "#": "#",
}
# Greek letter -> its name, applied after NFKC and casefold (which fold ϵ, ϑ, µ, ς).
_GREEK_SPELLED = str.maketrans(
    {letter: name for name, letter in zip(_GREEK_NAMES, _GREEK_SMALL, strict=True)}
)
_SUPERSCRIPTS = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))

_MATH = re.compile(r"\$([^$]*)\$")
# \text{X}, \mathbf{X}, \emph{X} ... -> X, inside or outside math.
_WRAPPER = re.compile(
    r"\\(?:text|textbf|textit|textsc|texttt|emph|mathrm|mathbf|mathit|mathsf|mathtt|mathcal"
    r"|mathbb|operatorname|boldsymbol)\s*\{([^{}]*)\}"
)
_COMMAND = re.compile(r"\\([A-Za-z]+|[&%_#])")
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\w))")
_NON_ALNUM = re.compile(r"[\W_]+")

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
# Old-style ids (hep-th/9901001); the optional subject class (math.GT/...) is not part of the id.
_ARXIV_OLD = r"(?P<archive>[a-z][a-z\-]*)(?:\.[A-Za-z]{2})?/(?P<number>\d{7})"
_DOI_PREFIX = r"(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?"
_ARXIV = re.compile(
    r"(?:arxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    rf"|{_DOI_PREFIX}10\.48550/arxiv\.)?"
    rf"(?:(?P<new>{_ARXIV_NEW})|{_ARXIV_OLD})(?:v\d+)?(?:\.pdf)?/?",
    re.IGNORECASE,
)
_DOI = re.compile(rf"{_DOI_PREFIX}(?P<doi>10\.\d{{4,9}}/\S+)", re.IGNORECASE)


def clean_title(title: str) -> str:
    """Turn the LaTeX found in listing titles into plain text and collapse whitespace.

    ``PanGu-$α$`` -> ``PanGu-α``, ``M$^{2}$UGen`` -> ``M²UGen``, ``\\alpha`` -> ``α``.
    Braces outside ``$...$`` are kept: titles use them literally ("This Land is
    {Your, My} Land").

    Args:
        title: A title as written in the input.

    Returns:
        The display title.
    """
    text = _MATH.sub(lambda m: _math_to_text(m.group(1)), title)
    text = _COMMAND.sub(_command_to_text, _WRAPPER.sub(r"\1", text))
    # An unmatched $ is LaTeX debris, never part of a title.
    return " ".join(text.replace("$", "").split())


def _math_to_text(math: str) -> str:
    text = _SCRIPT.sub(_script_to_text, _WRAPPER.sub(r"\1", math))
    text = _COMMAND.sub(_command_to_text, text)
    return text.replace("{", "").replace("}", "")


def _script_to_text(match: re.Match[str]) -> str:
    table = _SUPERSCRIPTS if match.group(1) == "^" else _SUBSCRIPTS
    inner = match.group(2) if match.group(2) is not None else match.group(3)
    # Only map when every character has a Unicode script form; else plain text reads better.
    if inner and all(ch in table for ch in inner):
        return "".join(table[ch] for ch in inner)
    return inner


def _command_to_text(match: re.Match[str]) -> str:
    return _LATEX_COMMANDS.get(match.group(1), match.group(1))


def normalise_title(title: str) -> str:
    """Return the matching key of a title: equal keys mean the same paper.

    LaTeX is turned into text, then NFKC, lower case (casefold), Greek letters spelled
    out (α -> alpha), and every run of non-alphanumerics becomes one space.

    Args:
        title: A title, raw or cleaned.

    Returns:
        The normalised title, e.g. ``"pangu alpha large scale ..."``.
    """
    text = unicodedata.normalize("NFKC", clean_title(title)).casefold()
    text = text.translate(_GREEK_SPELLED)
    return _NON_ALNUM.sub(" ", text).strip()


def parse_arxiv_id(text: str) -> str | None:
    """Return the versionless arXiv id in ``text``, or None if it is not one.

    Accepts ``2106.07139``, ``arXiv:2106.07139v2``, ``https://arxiv.org/abs/...``,
    ``/pdf/....pdf``, the arXiv DOI ``10.48550/arXiv.2106.07139`` and old-style
    ``hep-th/9901001``.
    """
    match = _ARXIV.fullmatch(text.strip())
    if match is None:
        return None
    if match.group("new"):
        new = match.group("new")
        # Since 2015 (YYMM 1501) numbers have five digits; before, four. A JSON number
        # such as 2106.07130 that lost its last zero must not pass as another paper.
        return new if (len(new) == 10) == (new[:4] >= "1501") else None
    return f"{match.group('archive').lower()}/{match.group('number')}"


def parse_doi(text: str) -> str | None:
    """Return the lower-cased DOI in ``text`` (bare, ``doi:`` or a doi.org URL), or None."""
    match = _DOI.fullmatch(text.strip())
    return match.group("doi").lower() if match else None


def paper_id(
    title: str,
    arxiv_id: str | None = None,
    doi: str | None = None,
    user_id: str | None = None,
) -> str:
    """Return the stable id of a paper: the strongest identifier known.

    ``arxiv:<id without version>`` when an arXiv id is known (an arXiv DOI counts),
    else ``doi:<lower-cased doi>``, else ``id:<user_id>`` (the user's own id), else
    ``title:<first 16 hex of sha1(normalised title)>``.

    Args:
        title: The paper's title (used only when there is no other identifier).
        arxiv_id: An arXiv id in any form :func:`parse_arxiv_id` accepts.
        doi: A DOI in any form :func:`parse_doi` accepts.
        user_id: The user's own id of the record (any non-empty text).

    Returns:
        The id, e.g. ``"arxiv:2106.07139"``.

    Raises:
        ValueError: ``arxiv_id`` or ``doi`` is given but is not one.
    """
    if arxiv_id:
        parsed = parse_arxiv_id(arxiv_id)
        if parsed is None:
            raise ValueError(f"not an arXiv id: {arxiv_id!r}")
        return f"arxiv:{parsed}"
    if doi:
        parsed_doi = parse_doi(doi)
        if parsed_doi is None:
            raise ValueError(f"not a DOI: {doi!r}")
        from_doi = parse_arxiv_id(parsed_doi)
        return f"arxiv:{from_doi}" if from_doi else f"doi:{parsed_doi}"
    if user_id:
        return f"id:{user_id}"
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return f"title:{digest[:16]}"


def make_paper(
    title: str,
    abstract: str,
    source: SourceRef,
    *,
    arxiv_id: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    date: str | None = None,
    listing_date: str | None = None,
    authors: tuple[str, ...] = (),
    user_id: str | None = None,
) -> Paper:
    """Build a one-source Paper from a record's fields, cleaning the title and text.

    ``arxiv_id`` and ``doi`` must already be parsed (versionless, lower-cased).
    """
    display = clean_title(title)
    return Paper(
        id=paper_id(display, arxiv_id, doi, user_id),
        title=display,
        abstract=" ".join(abstract.split()),
        norm_title=normalise_title(display),
        arxiv_id=arxiv_id,
        doi=doi,
        url=url,
        date=date,
        listing_date=listing_date,
        authors=authors,
        sources=(source,),
        user_id=user_id,
    )


class PaperMerger:
    """Fold papers read one by one into distinct papers, in order of first appearance.

    Two records are the same paper when they share an arXiv id, a DOI or a normalised
    title, unless both carry different arXiv ids (or, lacking those, different DOIs):
    then they are distinct papers that happen to share a title, and a warning says so.
    A user's own id joins records too, but only records that agree on the title (or an
    arXiv id or DOI): row numbers of two files are not the same paper. A record whose user
    id already names another paper loses that id (with a warning) and keeps its others.
    """

    def __init__(self) -> None:
        self._slots: list[Paper | None] = []
        self._keys: dict[str, int] = {}
        self._order: dict[SourceRef, int] = {}
        self._warnings: list[ReadWarning] = []
        self._conflicts: set[tuple[str, str]] = set()

    def add(self, paper: Paper) -> None:
        """Add a one-source paper, merging it with every earlier paper it matches."""
        paper = self._settle_user_id(paper)
        for source in paper.sources:
            self._order.setdefault(source, len(self._order))
        matches = sorted({self._keys[k] for k in _keys(paper) if k in self._keys})
        target = len(self._slots)
        self._slots.append(paper)
        for index in matches:
            first, second = min(index, target), max(index, target)
            earlier, later = self._slots[first], self._slots[second]
            assert earlier is not None and later is not None
            if not _compatible(earlier, later):
                self._warn_conflict(earlier, later)
                continue
            self._slots[first] = self._merge(earlier, later)
            self._slots[second] = None
            self._repoint(second, first)
            target = first
        for key in _keys(paper):
            self._keys.setdefault(key, target)
        # Register the merged paper's keys so later records find it by any of them.
        final = self._slots[target]
        assert final is not None
        for key in _keys(final):
            self._keys.setdefault(key, target)

    def papers(self) -> tuple[Paper, ...]:
        """Return the distinct papers, in order of first appearance."""
        return tuple(p for p in self._slots if p is not None)

    def warnings(self) -> tuple[ReadWarning, ...]:
        return tuple(self._warnings)

    def _settle_user_id(self, paper: Paper) -> Paper:
        """Drop ``paper``'s user id if an earlier, different paper already holds it."""
        if paper.user_id is None:
            return paper
        index = self._keys.get(f"id:{paper.user_id}")
        earlier = self._slots[index] if index is not None else None
        if earlier is None or _same_paper(earlier, paper):
            return paper
        self._warnings.append(
            ReadWarning(
                paper.sources[0],
                f'"id" {paper.user_id!r} already names another paper ({earlier.sources[0]}: '
                f"{earlier.title!r}); kept as two papers, this one without that id",
            )
        )
        return replace(paper, user_id=None, id=paper_id(paper.title, paper.arxiv_id, paper.doi))

    def _warn_conflict(self, earlier: Paper, later: Paper) -> None:
        # One warning per pair of papers, not per duplicate record of the later one.
        if (earlier.id, later.id) in self._conflicts:
            return
        self._conflicts.add((earlier.id, later.id))
        self._warnings.append(
            ReadWarning(
                later.sources[0],
                f"same title as {earlier.id} ({earlier.sources[0]}) but a different "
                f"identifier ({later.id}); kept as two papers",
            )
        )

    def _repoint(self, old: int, new: int) -> None:
        for key, index in self._keys.items():
            if index == old:
                self._keys[key] = new

    def _merge(self, first: Paper, second: Paper) -> Paper:
        # ``first`` appeared first: its title wins; the longer abstract and any known
        # identifier win, so a listing entry gains the arXiv id of a matching record.
        arxiv_id = first.arxiv_id or second.arxiv_id
        doi = first.doi or second.doi
        user_id = first.user_id or second.user_id
        sources = sorted({*first.sources, *second.sources}, key=self._order.__getitem__)
        return replace(
            first,
            id=paper_id(first.title, arxiv_id, doi, user_id),
            abstract=second.abstract
            if len(second.abstract) > len(first.abstract)
            else first.abstract,
            arxiv_id=arxiv_id,
            doi=doi,
            url=first.url or second.url,
            date=first.date or second.date,
            listing_date=first.listing_date or second.listing_date,
            authors=first.authors or second.authors,
            sources=tuple(sources),
            user_id=user_id,
        )


def _keys(paper: Paper) -> list[str]:
    keys = []
    if paper.arxiv_id:
        keys.append(f"arxiv:{paper.arxiv_id}")
    if paper.doi:
        keys.append(f"doi:{paper.doi}")
    if paper.norm_title:
        keys.append(f"title:{paper.norm_title}")
    if paper.user_id:
        keys.append(f"id:{paper.user_id}")
    return keys


def _same_paper(a: Paper, b: Paper) -> bool:
    """Whether two papers share a title, an arXiv id or a DOI (not only a user id)."""
    return bool(
        (a.norm_title and a.norm_title == b.norm_title)
        or (a.arxiv_id and a.arxiv_id == b.arxiv_id)
        or (a.doi and a.doi == b.doi)
    )


def _compatible(a: Paper, b: Paper) -> bool:
    if a.arxiv_id and b.arxiv_id:
        return a.arxiv_id == b.arxiv_id
    return not (a.doi and b.doi and a.doi != b.doi)
