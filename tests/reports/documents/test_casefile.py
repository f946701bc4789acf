"""The 卷宗 as one PDF: its 目录 gives the page each entry starts on, in the spec's order, for
a case whose documents span several pages; placeholders for what is attached by hand; the
封底 counts the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.reports.documents import api
from station_app.services.station_services import StationServices
from tests.conftest import StoreTemplate
from tests.drafts import mediation
from tests.reports.documents.cases import (
    big_case,
    closed_without_agreement,
    oral_agreement,
    store_case,
)
from tests.reports.documents.reading import open_copy, pdf_pages, squeezed


@pytest.fixture
def services(store_template: StoreTemplate, tmp_path: Path) -> StationServices:
    svc = open_copy(store_template, tmp_path / "data")
    yield svc  # type: ignore[misc]
    svc.close()


def contents(pages: list[str]) -> list[tuple[int, str, int | None, str]]:
    """The 目录's rows (序号, 文书名称, 页号, 备注) as printed on the file's second page."""
    lines = [line.strip() for line in pages[1].splitlines() if line.strip()]
    lines = lines[lines.index("备注") + 1 :]
    groups: list[list[str]] = []
    for line in lines:  # a row starts at the next 序号
        if line == str(len(groups) + 1):
            groups.append([])
        else:
            groups[-1].append(line)
    rows = []
    for number, (title, *rest) in enumerate(groups, 1):
        page = int(rest.pop(0)) if rest and rest[0].isdigit() else None
        rows.append((number, title, page, "".join(rest)))
    return rows


def test_the_contents_give_the_page_each_document_starts_on(
    services: StationServices, tmp_path: Path
) -> None:
    case_id = store_case(services, big_case(parties=10, sessions=12))
    out = api.write_casefile(services, "（2026）龙兴调字第0020号", tmp_path / "卷宗.pdf")
    pages = pdf_pages(out)
    rows = contents(pages)
    assert [r[0] for r in rows] == list(range(1, 14))
    starts = {title: page for _, title, page, _ in rows if page is not None}
    assert list(starts) == [
        "人民调解申请书",
        "人民调解当事人权利义务告知书",
        "当事人身份证明",
        "人民调解证据材料",
        "人民调解记录",
        "人民调解协议书",
        "收条或汇款单等履行凭证",
        "人民调解回访记录",
        "封底",
    ]
    assert starts["人民调解申请书"] == 3
    # ten parties: the application runs over two pages, so everything after it moves on
    assert starts["人民调解当事人权利义务告知书"] == 5
    assert starts["人民调解协议书"] - starts["人民调解记录"] >= 12
    for title, page in starts.items():
        # the page says its number, then the entry's title comes first on it
        assert squeezed(pages[page - 1]).startswith(f"—{page}—{title}"), (title, page)
        assert not squeezed(pages[page - 2]).startswith(f"—{page - 1}—{title}"), title
    assert "共12份" in [r[3] for r in rows if r[1] == "人民调解记录"]
    assert f"本卷共{len(pages)}页" in squeezed(pages[-1])
    first_sessions = [i + 1 for i, p in enumerate(pages) if "（第1次调解）" in squeezed(p)]
    assert first_sessions == [starts["人民调解记录"]]
    assert case_id


def test_a_case_closed_without_agreement_lists_none_and_prints_no_receipts_page(
    services: StationServices, tmp_path: Path
) -> None:
    store_case(services, closed_without_agreement())
    pages = pdf_pages(api.write_casefile(services, "（2026）龙兴调字第0014号", tmp_path / "f.pdf"))
    rows = {r[0]: r for r in contents(pages)}
    assert rows[8][2] is None
    assert (rows[8][1] + rows[8][3]).endswith("未达成协议（调解不成功）")  # no 页号
    assert rows[9][2] is None
    assert not any("此处装订收条或汇款单等履行凭证" in squeezed(p) for p in pages)
    assert "调解卷宗" in squeezed(pages[0]) and "卷号：（2026）龙兴调字第0014号" in squeezed(
        pages[0]
    )


def test_an_oral_agreement_files_the_registration_form_and_the_oral_record(
    services: StationServices, tmp_path: Path
) -> None:
    store_case(services, oral_agreement())
    pages = pdf_pages(api.write_casefile(services, "（2026）龙兴调字第0012号", tmp_path / "o.pdf"))
    rows = {r[0]: r for r in contents(pages)}
    assert rows[1][1] == "人民调解受理登记表"
    assert rows[8][1] == "人民调解口头协议登记表"
    assert rows[8][2] is not None
    assert "人民调解口头协议登记表" in squeezed(pages[rows[8][2] - 1])


def test_only_a_pdf_case_file(services: StationServices, tmp_path: Path) -> None:
    store_case(services, oral_agreement())
    with pytest.raises(api.DomainError, match=r"卷宗只能生成 \.pdf"):
        api.write_casefile(services, "（2026）龙兴调字第0012号", tmp_path / "o.docx")
    assert not (tmp_path / "o.docx").exists()


def test_a_case_still_in_mediation_without_sessions_has_a_file_too(
    services: StationServices, tmp_path: Path
) -> None:
    store_case(services, mediation(case_number="（2026）龙兴调字第0030号"))
    pages = pdf_pages(api.write_casefile(services, "（2026）龙兴调字第0030号", tmp_path / "m.pdf"))
    rows = {r[0]: r for r in contents(pages)}
    assert rows[7][2] is None  # no session recorded yet: listed, nothing printed
    assert (rows[8][1] + rows[8][3]).endswith("调解中，尚未达成协议")
    assert f"本卷共{len(pages)}页" in squeezed(pages[-1])
