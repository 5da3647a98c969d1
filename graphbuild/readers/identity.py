"""Paper identity: title clean-up, normalised titles, arXiv/DOI parsing, ids and de-duplication.

Ids must be stable across runs and machines: they key the graph's paper nodes and
the Neo4j ``MERGE``. Changing anything here that alters an id is a breaking change
(``tests/test_readers.py`` pins a few by hand).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from graphbuild.model import ID_KINDS, Author, Ids, Paper, SourceRef, Venue

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
_YEAR = re.compile(r"\d{4}(?:\D|$)")

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
    if "$" not in title and "\\" not in title:
        return " ".join(title.split())  # no LaTeX: the common case, kept fast
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
    text = clean_title(title)
    if text.isascii():  # NFKC and the Greek letters change no ASCII text
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold().translate(_GREEK_SPELLED)
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
    ids: Ids = (),
) -> str:
    """Return the stable id of a paper: the strongest identifier known.

    ``arxiv:<id without version>`` when an arXiv id is known (an arXiv DOI counts),
    else ``doi:<lower-cased doi>``, else ``<kind>:<value>`` of the first kind of
    :data:`~graphbuild.model.ID_KINDS` in ``ids``, else ``id:<user_id>`` (the user's
    own id), else ``title:<first 16 hex of sha1(normalised title)>``.

    Args:
        title: The paper's title (used only when there is no other identifier).
        arxiv_id: An arXiv id in any form :func:`parse_arxiv_id` accepts.
        doi: A DOI in any form :func:`parse_doi` accepts.
        user_id: The user's own id of the record (any non-empty text).
        ids: Parsed (kind, value) pairs, as in ``Paper.ids``.

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
    if ids:
        kind, value = min(ids, key=lambda pair: (ID_KINDS.index(pair[0]), pair[1]))
        return f"{kind}:{value}"
    if user_id:
        return f"id:{user_id}"
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return f"title:{digest[:16]}"


_ASCII_WHITE_BUT_SPACE = ("\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
"""What ``str.split`` splits an ASCII text on, besides the space."""


def _one_spaced(text: str) -> str:
    """``text`` with each run of white space one space, none at either end."""
    # In a text whose only white space is the ASCII space (most), runs of spaces collapsed
    # in place do what a split and a join do, without a string per word. (Testing for the
    # other ASCII white space is a few memchr; isprintable looks up every character.)
    if (
        not any(space in text for space in _ASCII_WHITE_BUT_SPACE)
        if text.isascii()
        else text.isprintable()  # no white space but the space in other printable text
    ):
        while "  " in text:
            text = text.replace("  ", " ")
        return text.strip(" ")
    return " ".join(text.split())


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
    ids: Ids = (),
    year: int | None = None,
    venue: Venue | None = None,
    authorships: tuple[Author, ...] = (),
    referenced_only: bool = False,
    references: tuple[Paper, ...] = (),
    cited_by: tuple[Paper, ...] = (),
    citation_source: str = "",
    user_id: str | None = None,
) -> Paper:
    """Build a one-source Paper from a record's fields, cleaning the title and text.

    ``arxiv_id``, ``doi`` and ``ids`` must already be parsed (versionless,
    lower-cased); ``arxiv_id``/``doi`` are added to ``ids`` and taken from it when
    not given. ``year`` defaults to the year of ``date``; ``authors`` to the names of
    ``authorships``.
    """
    display = clean_title(title)
    known = dict.fromkeys(ids)
    if arxiv_id:
        known[("arxiv", arxiv_id)] = None
    if doi:
        known[("doi", doi)] = None
    all_ids = tuple(sorted(known, key=lambda pair: (ID_KINDS.index(pair[0]), pair[1])))
    arxiv_id = arxiv_id or next((v for k, v in all_ids if k == "arxiv"), None)
    doi = doi or next((v for k, v in all_ids if k == "doi"), None)
    if year is None and date and _YEAR.match(date):
        year = int(date[:4])
    return Paper(
        id=paper_id(display, arxiv_id, doi, user_id, all_ids),
        title=display,
        abstract=_one_spaced(abstract),
        norm_title=normalise_title(display),
        arxiv_id=arxiv_id,
        doi=doi,
        url=url,
        date=date,
        listing_date=listing_date,
        authors=authors or tuple(a.name for a in authorships),
        sources=(source,),
        ids=all_ids,
        year=year,
        venue=venue,
        authorships=authorships,
        referenced_only=referenced_only,
        references=references,
        cited_by=cited_by,
        citation_source=citation_source,
        user_id=user_id,
    )
