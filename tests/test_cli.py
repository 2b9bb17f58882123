"""The peacesearch command as an editor runs it."""

import json

import pytest

from search_api.cli import main


@pytest.mark.parametrize("command", [[], ["index"], ["serve"], ["search"]])
def test_help_on_every_command(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: peacesearch" in capsys.readouterr().out


def test_index_then_search(tmp_path, capsys):
    source = tmp_path / "doc.md"
    source.write_text("---\nid: d1\ntitle: Жастар форумы\nlang: kk\n---\nШымкентте жастар форумы өтті.", "utf-8")
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "body": "ok"}\n{oops\n', "utf-8")
    report_file = tmp_path / "report.json"
    code = main(["index", str(source), str(tmp_path / "broken.jsonl"), "--index", str(tmp_path / "ix"),
                 "--quiet", "--report", str(report_file)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Indexed 2 documents" in out and "malformed JSON" in out
    report = json.loads(report_file.read_text("utf-8"))
    assert report["indexed"] == 2 and report["skipped"][0]["origin"].endswith("broken.jsonl:2")

    assert main(["search", "жастарға", "--index", str(tmp_path / "ix"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["hits"][0]["id"] == "d1"  # then, graded (the default), the nearest in meaning
    assert result["hits"][0]["countries"] == ["KZ"]  # Шымкент is in Kazakhstan


def test_index_with_nothing_readable_fails(tmp_path, capsys):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert main(["index", str(tmp_path), "--index", str(tmp_path / "ix"), "--quiet"]) == 1
    assert "no readable documents" in capsys.readouterr().err


def test_search_bad_parameter_is_reported(tmp_path, capsys, corpus_index):
    assert main(["search", "мир", "--index", str(corpus_index), "--sort", "sideways"]) == 2
    assert "sort" in capsys.readouterr().err
