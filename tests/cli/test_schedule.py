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


def test_schedule_writes_a_calendar_file_and_still_prints(cli, tmp_path):
    import icalendar

    path = tmp_path / "out.ics"
    result = cli("schedule", "--start", "2026-01-31", "--format", "json", "--ics", path)
    assert result.code == 0
    assert result.err == ""
    dates = [s["date"] for s in result.json()["sessions"]]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("dtstart").isoformat() for e in events] == dates
    assert dates[4:6] == ["2026-04-17", "2026-05-17"]
    assert str(calendar["x-wr-calname"]).startswith("Standard: every 15 days")
    assert str(events[2]["summary"]) == "Hair mesotherapy session 3 of 8"


def test_schedule_refuses_a_read_only_calendar_without_force(cli, tmp_path):
    path = tmp_path / "out.ics"
    path.write_bytes(b"kept")
    path.chmod(0o444)
    result = cli("schedule", "--start", "2026-01-31", "--ics", path)
    assert result.code == 2
    assert result.out == ""  # refused before anything was printed
    assert result.err == (f"mesocost: error: {path}: the file is read-only "
                          "(use --force to replace it)\n")
    assert path.read_bytes() == b"kept"
    assert cli("schedule", "--start", "2026-01-31", "--ics", path, "--force").code == 0
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_schedule_refuses_to_write_the_calendar_over_its_protocol_file(cli, tmp_path):
    path = tmp_path / "weekly.toml"
    path.write_text("[protocols.weekly]\n[[protocols.weekly.phases]]\nsessions = 3\n"
                    "every_days = 7\n", encoding="utf-8")
    result = cli("schedule", "--protocol", path, "--ics", path)
    assert result.code == 2
    assert "is also the command's input (--protocol)" in result.err
    assert len(result.err.splitlines()) == 1


def test_schedule_without_ics_does_not_load_icalendar():
    import json
    import subprocess
    import sys

    code = ("import contextlib, io, json, sys\n"
            "from mesocost.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    code = main(['schedule', '--start', '2026-01-31'])\n"
            "print(json.dumps([code, sorted(sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    exit_code, modules = json.loads(out)
    assert exit_code == 0
    assert [m for m in ("icalendar", "mesocost.export.calendar", "openpyxl") if m in modules] == []
