"""Bringing old Excel/WPS ledger workbooks in: layout, reading, checking, writing, reporting."""
