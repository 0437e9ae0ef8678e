"""The bundled data must be found from an installed wheel, not only from the source tree."""

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("mesocost-*.whl"))


def test_wheel_carries_the_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for resource in ("catalog.toml", "protocols.toml", "ecb-latest.json"):
        assert f"mesocost/_resources/{resource}" in names
    # The compiled catalogues are built into the wheel (hatch_build.py), once each.
    for code in ("tr", "de", "fr", "ar"):
        assert names.count(f"mesocost/locale/{code}/LC_MESSAGES/mesocost.mo") == 1


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_runs_compare(wheel, tmp_path):
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True)
    # Dependencies come from this test run's environment, added after the fresh venv's own
    # site-packages; a path in a .pth file is not scanned for further .pth files, so the
    # editable install of the source tree stays invisible to the fresh venv.
    fresh_site = subprocess.run([str(python), "-c", "import sysconfig;"
                                 "print(sysconfig.get_paths()['purelib'])"],
                                capture_output=True, text=True, check=True).stdout.strip()
    (Path(fresh_site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run = subprocess.run(
        [str(target / "bin" / "mesocost"), "compare", "--rates", "offline", "--start",
         "2027-01-31", "--currency", "USD", "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stderr
    rows = {row["destination"]: row for row in json.loads(run.stdout)["rows"]}
    assert rows["TR"]["total"]["high"] == "2400.00"
    where = subprocess.run([str(python), "-c", "import mesocost.storage.resources as r;"
                            "print(r.resource_dir())"], capture_output=True, text=True,
                           cwd=tmp_path, check=True).stdout.strip()
    assert where.startswith(str(target)) and where.endswith("_resources")
