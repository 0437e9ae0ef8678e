"""Our user folders are platformdirs' folders (computed without importing it on Linux)."""

from __future__ import annotations

import platformdirs
import pytest

from mesocost.storage import userdirs


@pytest.mark.parametrize("kind", ["cache", "config", "data", "log"])
@pytest.mark.parametrize("xdg_set", [True, False])
def test_each_folder_is_the_one_platformdirs_names(kind, xdg_set, monkeypatch, tmp_path):
    for variable in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        if xdg_set:
            monkeypatch.setenv(variable, str(tmp_path / variable))
        else:
            monkeypatch.delenv(variable, raising=False)
    ours = getattr(userdirs, f"user_{kind}_dir")()
    theirs = getattr(platformdirs, f"user_{kind}_dir")("mesocost", appauthor=False)
    assert ours == theirs
