"""Wheel build hook: compile the gettext catalogues (.po → .mo) into the wheel.

The compiled files are generated, never committed or edited: `make` builds them for a
source checkout, this hook for a wheel.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "compile-catalogues"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        out = Path(self.directory) / "catalogues"
        for po in sorted(Path(self.root, "mesocost", "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle)
            target = out / po.relative_to(self.root).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                write_mo(handle, catalog)  # fuzzy entries left out, as pybabel compile does
            build_data["force_include"][str(target)] = str(po.relative_to(self.root)
                                                           .with_suffix(".mo"))
