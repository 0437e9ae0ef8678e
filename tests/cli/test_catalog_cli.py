"""`mesocost catalog template` and `mesocost catalog import`."""

from __future__ import annotations

import openpyxl

from mesocost.storage.pricelist import COLUMNS


def _price_list(path, rows):
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


GOOD = ["TR", "Istanbul", "Clinic A", "USD", 110, 290, "", "", "", ""]
BAD = ["XX", "", "", "USD", 100, 200, "", "", "", ""]


def test_template_is_written(cli, tmp_path):
    target = tmp_path / "prices.xlsx"
    run = cli("catalog", "template", target)
    assert run.code == 0 and target.is_file()
    assert [c.value for c in openpyxl.load_workbook(target)["Prices"][1]] == list(COLUMNS)


def test_import_writes_valid_rows_reports_bad_ones_and_compare_loads_it(cli, tmp_path):
    source = _price_list(tmp_path / "prices.xlsx", [GOOD, BAD])
    output = tmp_path / "catalog.toml"
    run = cli("catalog", "import", source, "--output", output)
    assert run.code == 0
    assert "row 3: " in run.err and "unknown country code" in run.err
    assert "1 entry, 1 rejected" in run.out
    compared = cli("compare", "--catalog", output, "--start", "2027-01-31", "--currency",
                   "EUR", "--format", "json")
    assert compared.code == 0
    assert "Clinic A" in {row["clinic"] for row in compared.json()["rows"]}


def test_strict_import_writes_nothing(cli, tmp_path):
    source = _price_list(tmp_path / "prices.xlsx", [GOOD, BAD])
    output = tmp_path / "catalog.toml"
    output.write_text("# earlier catalog\n")
    run = cli("catalog", "import", source, "--output", output, "--strict")
    assert run.code == 2
    assert "row 3: " in run.err
    assert run.err.strip().splitlines()[-1].startswith("mesocost: error: ")
    assert "nothing written" in run.err
    assert output.read_text() == "# earlier catalog\n"


def test_a_renamed_text_file_is_one_line_and_exit_2(cli, tmp_path):
    fake = tmp_path / "prices.xlsx"
    fake.write_text("just some text\n")
    run = cli("catalog", "import", fake, "--output", tmp_path / "c.toml")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "not an Excel workbook" in run.err
    assert not (tmp_path / "c.toml").exists()


def test_missing_output_folder_is_one_line(cli, tmp_path):
    source = _price_list(tmp_path / "prices.xlsx", [GOOD])
    run = cli("catalog", "import", source, "--output", tmp_path / "no" / "c.toml")
    assert run.code == 2 and run.err.count("\n") == 1 and "folder does not exist" in run.err
