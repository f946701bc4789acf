"""What the CLI and the desktop 统计报表 page call: compute the table, then write files.

``quarterly_table`` is quick (SQL aggregates) and returns plain data to show on screen;
``write_quarterly_report`` renders that same object to .xlsx or .pdf and takes a
``progress(done, total)`` callback and a ``cancelled()`` check, so the UI can run it on its
background worker and offer a 取消 button. Neither touches Qt.
"""

from __future__ import annotations

import logging
from pathlib import Path

from station_app.domain.errors import DomainError, NotFoundError
from station_app.domain.quarter import Quarter
from station_app.reports.excel_quarterly import write_quarterly_xlsx
from station_app.reports.file_output import (
    CancelCheck,
    Progress,
    UnsupportedFormatError,
    output_format,
)
from station_app.reports.ledger_export import (
    LEDGER_LABELS,
    LedgerReader,
    LedgerSelection,
    write_ledger_xlsx,
)
from station_app.reports.ledger_pdf import write_ledger_pdf
from station_app.reports.pdf_quarterly import write_quarterly_pdf
from station_app.reports.quarterly_table import QuarterlyTable, build_quarterly_table
from station_app.services.station_services import StationServices
from station_app.storage.report_submissions import Submission

log = logging.getLogger("station.report")

__all__ = [
    "LEDGER_LABELS",
    "DomainError",
    "LedgerSelection",
    "NotFoundError",
    "QuarterlyTable",
    "UnsupportedFormatError",
    "export_ledger",
    "mark_submitted",
    "output_format",
    "quarterly_table",
    "write_quarterly_report",
]


def village_id_by_name(services: StationServices, name: str | None) -> int | None:
    """None for the whole station; a village's id; NotFoundError naming the field otherwise."""
    if name is None or not name.strip():
        return None
    found = services.organisation.village_by_name(name)
    if found is None:
        raise NotFoundError("村(居)：不是本站的村(居)")
    return found.id


def quarterly_table(
    services: StationServices, quarter: Quarter, village: str | None = None
) -> QuarterlyTable:
    """The table for the whole station, or for one village by name, as plain data."""
    village_id = village_id_by_name(services, village)
    return build_quarterly_table(services.reports.quarter_figures(quarter, village_id))


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


def mark_submitted(
    services: StationServices, quarter: Quarter, table: QuarterlyTable | None = None
) -> Submission:
    """已上报: as of the given table's snapshot, or of the store as it is now."""
    if table is not None and table.village_name is not None:
        raise DomainError(
            "只有全站的统计表可以标记为已上报 / only the station's table is submitted"
        )
    return services.reports.mark_submitted(quarter, None if table is None else table.as_of_seq)


def export_ledger(
    services: StationServices,
    selection: LedgerSelection,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write one ledger as .xlsx (the workbook layout) or .pdf (a volume per village);
    returns how many records were exported."""
    fmt = output_format(path)
    services.reports.check_export()
    reader = LedgerReader(services, selection)
    if fmt == ".xlsx":
        count = write_ledger_xlsx(reader, path, progress=progress, cancelled=cancelled)
    else:
        count = write_ledger_pdf(reader, path, progress=progress, cancelled=cancelled)
    if path.exists():
        services.reports.note_export(
            reader.service.spec.entity, records=count, format=fmt.lstrip(".")
        )
    return count
