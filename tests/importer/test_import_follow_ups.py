"""The workbook's new columns and sheet (issue 16): 满意度 and 核实情况 on 法律咨询, the aid
center's decision on 法律援助初审, follow-ups on 调解回访; a workbook without them still imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from station_app.domain.choices import AidDecision, FollowUpMethod, Performance, Satisfaction
from station_app.importer.workbook_import import WorkbookImporter
from station_app.services.station_services import StationServices
from tests.ledger_workbooks import consultation, legal_aid, mediation, write_workbook

CASE = "（2026）龙兴调字第0001号"


def follow_up(**changes: object) -> dict[str, object]:
    return {
        "案号": CASE,
        "回访日期": date(2026, 4, 10),
        "回访方式": "电话",
        "回访人": "陈调解",
        "履行情况": "已履行",
        "满意度": "满意",
        **changes,
    }


def test_new_columns_and_the_follow_up_sheet_are_imported(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "台账.xlsx",
        {
            "法律咨询": [consultation(满意度="不满意", 核实情况="已电话回访，重新解答")],
            "人民调解": [mediation(案号=CASE, 回访日期=date(2026, 3, 20))],
            "调解回访": [
                follow_up(),
                # the case number written another way still links; a rating may be absent
                follow_up(
                    案号="(2026)龙兴调字第1号",
                    回访日期=date(2026, 3, 15),
                    回访方式="上门",
                    满意度=None,
                ),
            ],
            "法律援助初审": [legal_aid(法援中心决定="给予援助", 决定日期=date(2026, 4, 9))],
        },
    )
    result = WorkbookImporter(services).run(path)
    assert result.ok and result.written, [str(p) for p in result.problems]
    summary = {s.sheet: (s.rows, s.added_rows) for s in result.sheets}
    assert summary["调解回访"] == (2, 2)

    consult = services.consultations.get(services.consultations.ids()[0]).data
    assert (consult.satisfaction, consult.verification) == (
        Satisfaction.DISSATISFIED,
        "已电话回访，重新解答",
    )
    case = services.mediation.get(services.mediation.ids()[0]).data
    assert [
        (f.followed_up_on, f.method, f.followed_up_by, f.performance, f.satisfaction)
        for f in case.follow_ups
    ] == [
        (
            date(2026, 4, 10),
            FollowUpMethod.PHONE,
            "陈调解",
            Performance.DONE,
            Satisfaction.SATISFIED,
        ),
        (date(2026, 3, 15), FollowUpMethod.HOME_VISIT, "陈调解", Performance.DONE, None),
    ]
    assert case.follow_up_on == date(2026, 4, 10)  # the latest follow-up's, not the row's cell
    review = services.legal_aid.get(services.legal_aid.ids()[0]).data
    assert (review.aid_decision, review.decided_on) == (AidDecision.GRANTED, date(2026, 4, 9))


def test_an_old_workbooks_follow_up_date_becomes_one_follow_up(
    services: StationServices, tmp_path: Path
) -> None:
    old_headers = [h for h in mediation(回访日期=None) if h != "回访日期"] + ["回访日期"]
    path = write_workbook(
        tmp_path / "旧台账.xlsx",
        {"人民调解": [mediation(回访日期=date(2026, 3, 20))], "法律咨询": [consultation()]},
        # only the columns an old workbook has
        headers={"人民调解": old_headers, "法律咨询": list(consultation())},
    )
    result = WorkbookImporter(services).run(path)
    assert result.ok and result.written, [str(p) for p in result.problems]
    case = services.mediation.get(services.mediation.ids()[0]).data
    assert [(f.followed_up_on, f.method, f.satisfaction) for f in case.follow_ups] == [
        (date(2026, 3, 20), FollowUpMethod.OTHER, None)
    ]
    consult = services.consultations.get(services.consultations.ids()[0]).data
    assert consult.satisfaction is None and consult.verification is None


def test_follow_up_problems_point_at_their_cells(services: StationServices, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "回访有误.xlsx",
        {
            "人民调解": [mediation(案号=CASE)],
            "调解回访": [
                follow_up(回访日期=date(2026, 2, 1)),  # before the case was accepted
                follow_up(回访方式="微信"),  # not one of the methods
                follow_up(案号="（2026）龙兴调字第0099号"),  # no such case
            ],
            "法律援助初审": [legal_aid(法援中心决定="给予援助")],  # no date
        },
    )
    before = services.mediation.count()
    result = WorkbookImporter(services).run(path)
    assert not result.ok and not result.written
    found = {(p.sheet, p.row, p.column): p.message for p in result.errors}
    assert found[("调解回访", 2, "回访日期")] == "不能早于受理日期"
    assert "回访方式" in {column for sheet, row, column in found if (sheet, row) == ("调解回访", 3)}
    assert found[("调解回访", 4, "案号")] == "在“人民调解”表中找不到该案号的案件"
    assert ("法律援助初审", 2, "决定日期") in found
    assert services.mediation.count() == before
