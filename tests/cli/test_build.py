import json
import re

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli
from graphbuild.formats.graphml import write_graphml


@pytest.fixture
def runner():
    return CliRunner()


def test_build_writes_graphml_and_prints_a_summary(runner, tmp_path, sample_paths):
    output = tmp_path / "g.graphml"
    result = runner.invoke(cli, ["build", str(sample_paths[0]), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^papers: \d+$", result.output, re.M)
    assert f"wrote {output} in " in result.output
    assert "top entities:" in result.output
    assert output.read_text(encoding="utf-8").startswith("<?xml")


def test_build_json_summary_and_explained_merges(runner, tmp_path):
    result = runner.invoke(
        cli,
        [
            "build",
            "--samples",
            "-o",
            str(tmp_path / "g.graphml"),
            "--json",
            "--explain-merges",
            "--min-weight",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    merges = [line for line in result.output.splitlines() if line.startswith("merged ")]
    assert merges and all(": " in line for line in merges)
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["papers"] == 433 and summary["records_read"] == 510


def test_stats_reads_a_built_graph(runner, tmp_path, sample_build):
    output = tmp_path / "g.graphml"
    write_graphml(sample_build.graph, output)
    for args in (["--json"], ["--format", "json"]):
        result = runner.invoke(cli, ["stats", str(output), *args])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["papers"] == 433
    result = runner.invoke(cli, ["stats", str(output), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "papers: 433" in result.output and result.output.count("),") == 2


def test_build_keeps_the_retired_format_option_for_inputs(runner, tmp_path):
    listing = tmp_path / "papers.txt"
    listing.write_text(json.dumps({"title": "LoRA for GPT-3"}) + "\n", encoding="utf-8")
    output = tmp_path / "g.graphml"
    result = runner.invoke(cli, ["build", str(listing), "--format", "jsonl", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "use --input-format jsonl" in result.output and "papers: 1" in result.output


def test_build_writes_to_stdout_and_reports_on_stderr(tmp_path):
    listing = tmp_path / "papers.jsonl"
    listing.write_text(json.dumps({"title": "LoRA for GPT-3"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(listing), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<?xml") and "papers: 1" in result.stderr


def test_extract_prints_one_json_object_per_paper(runner, sample_paths):
    result = runner.invoke(cli, ["extract", str(sample_paths[0]), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all({"id", "title", "entities"} <= set(r) for r in records)


def test_extract_reads_stdin(runner):
    record = {"title": "LoRA for GPT-3", "abstract": "We tune GPT-3 with LoRA on GLUE."}
    result = runner.invoke(cli, ["extract", "-"], input=json.dumps(record) + "\n")
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    names = {e["name"] for e in json.loads(line)["entities"]}
    assert {"GPT-3", "LoRA", "GLUE"} <= names


def test_malformed_input_names_file_and_line_and_exits_1(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "ok", "abstract": "fine"}\n{not json\n', encoding="utf-8")
    result = runner.invoke(cli, ["build", str(bad), "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 1
    assert f"{bad}:2" in result.output
    assert "Traceback" not in result.output


def test_skipped_records_are_counted_and_reported(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "ok", "abstract": "fine"}\n{not json\n', encoding="utf-8")
    result = runner.invoke(
        cli, ["build", str(bad), "--skip-bad-records", "-o", str(tmp_path / "g.graphml")]
    )
    assert result.exit_code == 0, result.output
    assert "skipped: 1" in result.output
    assert f"skipped {bad}:2" in result.output


def test_no_input_is_a_usage_error(runner):
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "--samples" in result.output


def test_bad_lexicon_names_file_and_line(runner, tmp_path):
    lexicon = tmp_path / "lex.tsv"
    lexicon.write_text("MyNet\tModel\nBroken line\n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--samples", "--lexicon", str(lexicon)])
    assert result.exit_code == 1
    assert f"{lexicon}:2" in result.output


def test_user_lexicon_adds_names(runner, tmp_path):
    lexicon = tmp_path / "lex.tsv"
    lexicon.write_text("ZorbNet\tModel\tZorb network\n", encoding="utf-8")
    record = {"title": "A study", "abstract": "We evaluate ZorbNet and the zorb network."}
    result = runner.invoke(
        cli, ["extract", "-", "--lexicon", str(lexicon)], input=json.dumps(record)
    )
    (entity,) = json.loads(result.output)["entities"]
    assert (entity["canonical"], entity["type"], len(entity["mentions"])) == ("ZorbNet", "Model", 2)


def test_read_warnings_are_reported(runner, tmp_path):
    listing = tmp_path / "listing.txt"
    listing.write_text(
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
        "byAK and the research community\n\nMar 12\n\n"
        "LoRA for GPT-3\n\nWe tune GPT-3 with LoRA. It works well across many tasks, and it is "
        "cheap to train. We release code. We report results.\n\n"
        "A final title without abstract\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["build", str(listing), "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0, result.output
    assert "papers: 2" in result.output
    assert "warning:" in result.output and "listing.txt:" in result.output


def _entity_names(output: str) -> set[str]:
    return {e["name"] for line in output.splitlines() for e in json.loads(line)["entities"]}


def test_extract_stop_list_removes_a_name_everywhere(runner, tmp_path, sample_paths):
    listing = str(sample_paths[0])
    before = runner.invoke(cli, ["extract", listing, "--jobs", "1"])
    assert before.exit_code == 0, before.output
    assert "BERT" in _entity_names(before.stdout)
    stop = tmp_path / "stop.txt"
    stop.write_text("# names we do not want\nBERT\n", encoding="utf-8")
    after = runner.invoke(cli, ["extract", listing, "--jobs", "1", "--stop-list", str(stop)])
    assert after.exit_code == 0, after.output
    names = _entity_names(after.stdout)
    assert "BERT" not in names
    assert names, "the stop list removes one name, not every entity"


def test_build_stop_list_keeps_the_name_out_of_the_graph(runner, tmp_path, sample_paths):
    stop = tmp_path / "stop.txt"
    stop.write_text("BERT\n", encoding="utf-8")
    output = tmp_path / "g.graphml"
    args = ["build", str(sample_paths[0]), "-o", str(output), "--jobs", "1"]
    result = runner.invoke(cli, [*args, "--stop-list", str(stop)])
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert '"BERT"' not in text and ">BERT<" not in text


def test_extract_explain_says_what_found_each_entity_and_why_its_type(runner, sample_paths):
    result = runner.invoke(cli, ["extract", str(sample_paths[0]), "--jobs", "1", "--explain"])
    assert result.exit_code == 0, result.output
    entities = [e for line in result.stdout.splitlines() for e in json.loads(line)["entities"]]
    assert entities and all(e["found_by"] and e["typed_by"] for e in entities)
    bert = next(e for e in entities if e["name"] == "BERT")
    assert any("lexicon entry 'BERT'" in why for why in bert["found_by"])
    plain = runner.invoke(cli, ["extract", str(sample_paths[0]), "--jobs", "1"])
    assert "found_by" not in plain.stdout
