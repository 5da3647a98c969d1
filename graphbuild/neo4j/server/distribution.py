"""The Neo4j server distribution: Java check and a one-time Maven download of the jars.

The server is the ``org.neo4j:neo4j`` artifact and its runtime jars, plus APOC Core and
Neo4j Browser, fetched with ``mvn dependency:copy-dependencies`` (the poms are in
``maven/`` beside this module) into a cache outside the repository. Each download step
prints one progress line, so a first run is never silent for minutes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from graphbuild.errors import ServerSetupError

NEO4J_VERSION = "5.26.19"
INSTALL_HINT = "apt-get install openjdk-17-jre-headless maven"

_MARKER = "COMPLETE"
#: Cache sub-folder -> (pom, what it holds, for the progress lines).
_POMS = {
    "lib": ("server-pom.xml", "the Neo4j server"),
    "plugins": ("extras-pom.xml", "APOC Core and Neo4j Browser"),
}

Progress = Callable[[str], None]


def _pom(name: str) -> Traversable:
    return resources.files("graphbuild.neo4j.server").joinpath("maven").joinpath(name)


def default_cache_dir() -> Path:
    """Return where the Neo4j jars are cached: ``$GRAPHBUILD_NEO4J_CACHE`` or the XDG cache."""
    if override := os.environ.get("GRAPHBUILD_NEO4J_CACHE"):
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphbuild" / f"neo4j-{NEO4J_VERSION}"


def check_java() -> str:
    """Return the path of a Java 17+ ``java``.

    Raises:
        ServerSetupError: No ``java`` on PATH, or it is older than 17.
    """
    java = shutil.which("java")
    if java is None:
        raise ServerSetupError(
            f"`java` not found on PATH; Neo4j {NEO4J_VERSION} needs Java 17 or 21. "
            f"Install it (e.g. `{INSTALL_HINT}`) or use Docker: `docker compose up -d --wait`."
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    if match is None or int(match.group(1)) < 17:
        found = match.group(1) if match else "unknown"
        raise ServerSetupError(
            f"{java} is Java {found}; Neo4j {NEO4J_VERSION} needs Java 17 or 21 "
            f"(e.g. `{INSTALL_HINT}`)."
        )
    return java


def _poms_digest() -> str:
    digest = hashlib.sha256(NEO4J_VERSION.encode())
    for name in sorted(pom for pom, _ in _POMS.values()):
        digest.update(_pom(name).read_bytes())
    return digest.hexdigest()


def _is_complete(cache: Path, digest: str) -> bool:
    try:
        return (cache / _MARKER).read_text().strip() == digest
    except OSError:
        return False


def ensure_distribution(cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Download the Neo4j server, APOC and Browser jars once; return the cache folder.

    The cache holds ``lib/`` (server classpath) and ``plugins/`` (APOC, Browser). Jars are
    fetched into a temporary sibling folder that is renamed into place only after a marker file
    is written, so an interrupted download is never mistaken for a complete one.

    Args:
        cache_dir: Where to keep the jars; default :func:`default_cache_dir`.
        progress: Called with a one-line message before a slow download.

    Returns:
        The cache folder, containing ``lib/`` and ``plugins/``.

    Raises:
        ServerSetupError: ``mvn`` is missing, the download failed, or ``cache_dir`` holds
            something else.
    """
    cache = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).expanduser()
    digest = _poms_digest()
    if _is_complete(cache, digest):
        return cache
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerSetupError(
            f"`mvn` not found on PATH; it downloads the Neo4j {NEO4J_VERSION} jars "
            f"(once, into {cache}). Install Maven (e.g. `{INSTALL_HINT}`) "
            "or use Docker: `docker compose up -d --wait`."
        )
    say = progress or (lambda message: None)
    say(f"Downloading Neo4j {NEO4J_VERSION} jars with Maven into {cache} (first run only)")
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{cache.name}.partial-", dir=cache.parent))
    try:
        for step, (folder, (pom, what)) in enumerate(_POMS.items(), start=1):
            say(f"  [{step}/{len(_POMS)}] downloading {what} ({pom}) ...")
            started = time.monotonic()
            _copy_dependencies(mvn, pom, tmp / folder)
            jars = len(list((tmp / folder).glob("*.jar")))
            size = sum(p.stat().st_size for p in (tmp / folder).glob("*.jar")) / 1e6
            say(
                f"  [{step}/{len(_POMS)}] {what}: {jars} jars, {size:.0f} MB "
                f"in {time.monotonic() - started:.0f} s"
            )
        (tmp / _MARKER).write_text(digest + "\n")
        _replace_cache(tmp, cache, digest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    say(f"Neo4j {NEO4J_VERSION} jars cached in {cache}")
    return cache


def _copy_dependencies(mvn: str, pom_name: str, out: Path) -> None:
    with resources.as_file(_pom(pom_name)) as pom_path:
        cmd = [mvn, "-B", "-q", "-f", str(pom_path), "dependency:copy-dependencies",
               "-DincludeScope=runtime", f"-DoutputDirectory={out}"]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = tail_lines(result.stdout + result.stderr, 25)
        raise ServerSetupError(
            f"Maven could not download the Neo4j jars ({pom_name}, exit {result.returncode}). "
            "It needs Maven Central (check proxy/mirror settings in ~/.m2/settings.xml).\n"
            f"{tail}"
        )


def _replace_cache(tmp: Path, cache: Path, digest: str) -> None:
    if cache.exists():
        if _is_complete(cache, digest):
            return  # Another process finished the same download first.
        # Only ever delete what looks like our own half-made or outdated cache.
        if not set(os.listdir(cache)) <= {"lib", "plugins", _MARKER}:
            raise ServerSetupError(
                f"{cache} exists but is not a graphbuild Neo4j cache; "
                "remove it or set GRAPHBUILD_NEO4J_CACHE to another folder."
            )
        shutil.rmtree(cache)
    try:
        tmp.rename(cache)
    except OSError:
        if not _is_complete(cache, digest):
            raise


def tail_lines(text: str, count: int) -> str:
    return "\n".join(text.rstrip().splitlines()[-count:])
