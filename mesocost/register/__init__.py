"""The quote register: numbered quotes saved, revised and tracked (SQLAlchemy Core).

`store.Register` opens a SQLite file or a PostgreSQL database and migrates it;
`document.QuoteDocument` is a saved quote's content, readable without SQLAlchemy.
Nothing here imports Qt: the window, the CLI and the PDF all use this one package.
"""
