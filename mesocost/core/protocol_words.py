"""The bundled protocol's words, marked for the catalogue.

`resources/protocols.toml` is data, but its words are the product's own: the standard
protocol's title, its phase names and its milestone sentences reach every patient. They are
listed here so `pybabel extract` puts them in the catalogue; views translate a protocol's
words where they show them (a user's own protocol file, whose words the catalogue does not
hold, shows as written). tests/test_catalogues.py checks this list against the file.
"""

from mesocost.core.i18n import N_, pgettext


def _phase_names() -> tuple[str, ...]:
    # Never called: marks the phase names with their context for extraction.
    return (pgettext("phase", "initial"), pgettext("phase", "monthly"))


BUNDLED_PHASES = ("initial", "monthly")
BUNDLED_TEXTS = (
    N_("Standard: every 15 days × 4, then monthly × 4"),
    # TRANSLATORS: medical: a milestone of the course, from the source article.
    N_("regrowth usually shows between session 3 and 6 (from here)"),
    # TRANSLATORS: medical: a milestone of the course, from the source article.
    N_("regrowth usually shows between session 3 and 6 (by here)"),
)
