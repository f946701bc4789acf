"""A computed quarterly table written as .xlsx or .pdf, by the file's extension.

No store and no services: the station's report page and CLI, and the county server's report,
all write their table through here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from station_app.reports.excel_quarterly import write_quarterly_xlsx
from station_app.reports.file_output import CancelCheck, Progress, output_format
from station_app.reports.pdf_quarterly import write_quarterly_pdf
from station_app.reports.quarterly_table import QuarterlyTable

log = logging.getLogger("station.report")


def write_quarterly_report(
    table: QuarterlyTable,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Write ``table`` as .xlsx or .pdf (by the file's extension); no file if cancelled."""
    if output_format(path) == ".xlsx":
        write_quarterly_xlsx(table, path, progress=progress, cancelled=cancelled)
    else:
        write_quarterly_pdf(table, path, progress=progress, cancelled=cancelled)
    log.info("quarterly table %s written as %s", table.quarter, path.suffix)
    return path
