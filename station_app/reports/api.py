"""What the CLI and the desktop 统计报表 page call: compute the table, then write files.

``quarterly_table`` is quick (one narrow read, counted in memory) and returns plain data;
``write_quarterly_report`` renders that same object to .xlsx or .pdf and takes a
``progress(done, total)`` callback and a ``cancelled()`` check, so the UI can run it on its
background worker and offer a 取消 button. Neither touches Qt.
"""

from __future__ import annotations

from pathlib import Path

from station_app.domain.duty_compliance import quarter_months, quarter_weeks
from station_app.domain.errors import DomainError, NotFoundError
from station_app.domain.quarter import Quarter
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
from station_app.reports.quarterly_output import write_quarterly_report
from station_app.reports.quarterly_table import (
    STATION_ROW,
    LateAmendment,
    QuarterlyTable,
    change_label,
    minimums_note,
    table_rows,
)
from station_app.services.report_service import QuarterFigures
from station_app.services.station_services import StationServices
from station_app.storage.report_submissions import Submission

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


def build_quarterly_table(figures: QuarterFigures) -> QuarterlyTable:
    """The station's table (or one village's) from the service's figures."""
    station = figures.station
    whole_station = figures.villages is None
    villages = [v for v in station.villages if whole_station or v.id in (figures.villages or ())]
    built = table_rows(
        figures.quarter,
        figures.counts,
        villages,
        figures.minimums,
        figures.produced_on,
        whole_station=whole_station,
    )
    late = tuple(
        LateAmendment(
            ledger=c.ledger,
            record_date=c.record_date,
            unit=STATION_ROW if c.village_id is None else station.village_name(c.village_id),
            change=change_label(c.ops),
            detail=c.detail,
        )
        for c in figures.late_changes
    )
    village_name = None if whole_station else villages[0].name if villages else None
    return QuarterlyTable(
        quarter=figures.quarter,
        station_name=station.name,
        village_name=village_name,
        produced_on=figures.produced_on,
        as_of_seq=figures.as_of_seq,
        rows=built.rows,
        compliance=built.compliance,
        months=quarter_months(figures.quarter),
        weeks=quarter_weeks(figures.quarter),
        minimums_note=minimums_note(figures.minimums),
        submitted_on=figures.submission.submitted_on if figures.submission else None,
        late_amendments=late,
        prepared_by=figures.prepared_by,
        satisfaction=built.satisfaction,
    )


def quarterly_table(
    services: StationServices, quarter: Quarter, village: str | None = None
) -> QuarterlyTable:
    """The table for the whole station, or for one village by name, as plain data."""
    village_id = village_id_by_name(services, village)
    return build_quarterly_table(services.reports.quarter_figures(quarter, village_id))


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
