"""Reports: the quarterly statistics table and ledger exports, as data and as Excel/PDF files.

No Qt and no SQL here: figures come from ``station_app.services``; every file writer renders
one plain data object, so the Excel and the PDF of a table can never disagree.
"""
