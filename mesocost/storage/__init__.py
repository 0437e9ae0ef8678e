"""Files: bundled resources, catalog and protocol files, (later) the quote register."""
