def test_schedule_json_for_31_january(cli):
    result = cli("schedule", "--start", "2027-01-31", "--format", "json")
    assert result.code == 0
    sessions = result.json()["sessions"]
    assert [s["date"] for s in sessions] == [
        "2027-01-31", "2027-02-15", "2027-03-02", "2027-03-17",
        "2027-04-17", "2027-05-17", "2027-06-17", "2027-07-17"]
    assert sessions[2]["milestone"].startswith("regrowth usually shows")
    assert any("24 hours" in line for line in sessions[0]["aftercare"])


def test_schedule_table_lists_every_session_and_aftercare(cli):
    result = cli("schedule", "--start", "2027-01-31", "--maintenance-months", "6")
    lines = result.out.splitlines()
    assert sum(1 for line in lines if line[:3].strip().isdigit()) == 10
    assert "After every session:" in result.out


def test_schedule_from_a_protocol_file(cli, tmp_path):
    path = tmp_path / "weekly.toml"
    path.write_text("[protocols.weekly]\n[[protocols.weekly.phases]]\nsessions = 3\n"
                    "every_days = 7\n", encoding="utf-8")
    dates = [s["date"] for s in cli("schedule", "--protocol", path, "--start", "2027-01-01",
                                    "--format", "json").json()["sessions"]]
    assert dates == ["2027-01-01", "2027-01-08", "2027-01-15"]


def test_bad_protocol_file_is_one_line(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[protocols.bad]\n[[protocols.bad.phases]]\nsessions = 3\n", encoding="utf-8")
    result = cli("schedule", "--protocol", path)
    assert result.code == 2
    assert result.err.strip() == (f"mesocost: error: {path}: protocol bad: phase 1: "
                                  "give exactly one of every_days or every_months")
