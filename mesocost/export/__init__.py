"""Exports: Excel workbooks (openpyxl) and, later, PDF."""
