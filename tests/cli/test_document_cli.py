"""`station document` and `station casefile` as a clerk types them: by case number or id,
refusals and usage errors in one line, --reveal audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.cli.errors import EXIT_FAILED, EXIT_USAGE
from station_app.cli.main import main
from station_app.services.station_services import StationServices
from tests.reports.documents.cases import closed_without_agreement, several_parties, store_case
from tests.reports.documents.reading import docx_text, pdf_pages, squeezed

NUMBER = "（2026）龙兴调字第0011号"


@pytest.fixture
def data_dir(services: StationServices) -> Path:
    store_case(services, several_parties())
    store_case(services, closed_without_agreement())
    folder = services.store.data_dir
    services.close()
    return folder


def run(data_dir: Path, *args: str) -> int:
    return main([*args, "--data-dir", str(data_dir)])


def test_a_document_by_case_number_as_word_and_pdf(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    word, pdf = tmp_path / "协议书.docx", tmp_path / "协议书.pdf"
    assert run(data_dir, "document", "--case", NUMBER, "--kind", "协议书", "--out", str(word)) == 0
    assert f"编号：{NUMBER}" in docx_text(word)
    assert run(data_dir, "document", "--case", "1", "--kind", "协议书", "--out", str(pdf)) == 0
    assert f"编号：{NUMBER}" in squeezed("".join(pdf_pages(pdf)))
    assert "已生成人民调解协议书" in capsys.readouterr().out


def test_the_whole_case_file(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "卷宗.pdf"
    assert run(data_dir, "casefile", "--case", NUMBER, "--out", str(out)) == 0
    pages = pdf_pages(out)
    assert "卷内目录" in squeezed(pages[1]) and f"本卷共{len(pages)}页" in squeezed(pages[-1])


def test_a_document_that_does_not_apply_is_refused_with_the_reason(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.docx"
    code = run(
        data_dir,
        "document",
        "--case",
        "（2026）龙兴调字第0014号",
        "--kind",
        "协议书",
        "--out",
        str(out),
    )
    assert code == EXIT_FAILED
    assert "没有达成调解协议，无法打印人民调解协议书" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("document", "--case", NUMBER, "--kind", "判决书", "--out", "x.pdf"),
        ("document", "--case", NUMBER, "--kind", "协议书", "--out", "x.xlsx"),
        ("casefile", "--case", NUMBER, "--out", "x.docx"),
    ],
)
def test_usage_errors(data_dir: Path, args: tuple[str, ...]) -> None:
    assert run(data_dir, *args) == EXIT_USAGE


def test_reveal_prints_the_full_numbers_and_says_it_was_audited(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "j.docx"
    args = ("document", "--case", NUMBER, "--kind", "司法确认申请书", "--out", str(out))
    assert run(data_dir, *args) == 0
    assert "********" in docx_text(out)
    assert run(data_dir, *args, "--reveal") == 0
    assert "********" not in docx_text(out)
    assert "已记入审计日志" in capsys.readouterr().out
    services = StationServices.open(data_dir)
    try:
        services.ctx.principal = services.accounts.principal("admin")
        latest = services.audit.page(0, 1)[0]
    finally:
        services.close()
    assert (latest.action, latest.entity) == ("reveal", "mediation_case")
