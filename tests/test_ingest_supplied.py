"""Telling the tool what it cannot read (issue 13): ingest --council/--county and --manifest."""
from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from extractor.cli import cli

REPORT = ("Community Safety Partnership Annual Report\n\nThe partnership's priorities are:\n"
          "- Anti-social behaviour\n- Domestic abuse\n")


def run(*args):
    result = CliRunner().invoke(cli, ["ingest", *map(str, args), "--workers", "0", "-q"])
    return result


def rows(db, sql):
    return sqlite3.connect(db).execute(sql).fetchall()


def test_council_for_a_folder_overrides_extraction_and_is_marked_supplied(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "minutes.txt").write_text(REPORT)
    result = run(tmp_path / "r", "--db", tmp_path / "csp.db", "--council", "wigan council")
    assert result.exit_code == 0, result.output
    (council, county, supplied), = rows(tmp_path / "csp.db", "SELECT council, county, supplied FROM documents")
    assert (council, county) == ("Wigan Metropolitan Borough Council", "Greater Manchester")
    assert json.loads(supplied)["council"] == council
    assert rows(tmp_path / "csp.db", "SELECT DISTINCT council FROM priorities") == [(council,)]


def test_changing_the_supplied_council_re_extracts_a_stored_file(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "minutes.txt").write_text(REPORT)
    assert run(tmp_path / "r", "--db", tmp_path / "csp.db", "--council", "Wigan Council").exit_code == 0
    assert run(tmp_path / "r", "--db", tmp_path / "csp.db", "--council", "Bolton Council").exit_code == 0
    assert rows(tmp_path / "csp.db", "SELECT council FROM documents") == [("Bolton Metropolitan Borough Council",)]
    assert run(tmp_path / "r", "--db", tmp_path / "csp.db", "--council", "Bolton Council").exit_code == 0
    statuses = [r[0] for r in rows(tmp_path / "csp.db", "SELECT status FROM ingest_log ORDER BY id")]
    assert statuses == ["ok", "ok", "skipped"]


def test_a_manifest_supplies_url_title_date_and_council_per_file(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "b.txt").write_text(REPORT.replace("Annual Report", "Plan"))
    (tmp_path / "m.csv").write_text("path,url,council,meeting_date,title\n"
                                    "a.txt,https://example.org/a,Sefton Council,2024-03-05,Annual report 2024\n"
                                    "b.txt,,,,\n")
    result = run(tmp_path / "a.txt", tmp_path / "b.txt", "--db", tmp_path / "csp.db", "--manifest", tmp_path / "m.csv")
    assert result.exit_code == 0, result.output
    got = dict(((r[0], r[1:]) for r in rows(tmp_path / "csp.db",
               "SELECT file_name, council, county, meeting_date, title, source_url FROM documents")))
    assert got["a.txt"] == ("Sefton Metropolitan Borough Council", "Merseyside", "2024-03-05", "Annual report 2024",
                            "https://example.org/a")
    assert got["b.txt"][4] is None


def test_a_bad_manifest_names_the_line_and_the_fix(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "m.csv").write_text("path,meeting_date\na.txt,5 March 2024\n")
    result = run(tmp_path / "a.txt", "--db", tmp_path / "csp.db", "--manifest", tmp_path / "m.csv")
    assert result.exit_code == 2
    assert "line 2" in result.output and "YYYY-MM-DD" in result.output


def test_county_without_council_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    result = run(tmp_path / "a.txt", "--db", tmp_path / "csp.db", "--county", "Kent")
    assert result.exit_code == 2 and "--county needs --council" in result.output
