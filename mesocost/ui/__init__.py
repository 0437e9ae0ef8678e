"""The desktop window (PySide6). The only package that imports Qt.

Views read the engine's results (through `mesocost.present` and `Workspace`); they
never compute a figure themselves.
"""
