"""The patient PDF of a quote, rendered with Qt's rich text (QtGui only, headless).

The only package besides `mesocost.ui` that imports Qt; it never imports the window nor
openpyxl. Entry point: `mesocost.pdf.quote_pdf.write_quote_pdf`.
"""
