"""The forms' new parts (issue 16): a case's 回访记录, a consultation's 满意度 and 核实情况, and
the aid center's decision on a forwarded review, entered through the widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import (
    AgreementForm,
    AidDecision,
    AidMatter,
    AidOpinion,
    DisputeSource,
    FollowUpMethod,
    HardshipBasis,
    MediationResult,
    PartyRole,
    Performance,
    Satisfaction,
)
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.ui.main_window import MainWindow
from tests.ui.conftest import ime_type
from tests.ui.test_ledger_workflows import _open_page

pytestmark = pytest.mark.usefixtures("qapp")


def _settled_case(window: MainWindow) -> int:
    return window.app.services.mediation.create(
        MediationCaseDraft(
            accepted_on=date(2026, 10, 8),
            village_id=window.app.station.villages[0].id,
            source=DisputeSource.PARTY_REQUEST,
            dispute_type="02",
            summary="排水沟纠纷",
            mediators=("周调解",),
            parties=(
                PartyDraft(PartyRole.APPLICANT, "赵一"),
                PartyDraft(PartyRole.RESPONDENT, "钱二"),
            ),
            result=MediationResult.SUCCESS,
            closed_on=date(2026, 10, 20),
            agreement_form=AgreementForm.WRITTEN,
        )
    ).id


def test_a_follow_up_is_added_to_a_settled_case(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    case_id = _settled_case(window)
    page = _open_page(qtbot, window, "mediation_case")
    page.select_row(0)
    dialog = page.open_selected()
    assert dialog is not None
    follow_ups = dialog.child_rows["follow_ups"]
    assert follow_ups.rows == []  # none yet
    qtbot.mouseClick(follow_ups.add_button, Qt.MouseButton.LeftButton)
    row = follow_ups.rows[0][0]
    row["followed_up_on"].setDate(QDate(2026, 11, 20))
    assert row["method"].value() is FollowUpMethod.PHONE  # the usual way, offered first
    row["method"].set_value(FollowUpMethod.HOME_VISIT)
    ime_type(row["followed_up_by"], "周调解")
    row["performance"].set_value(Performance.PARTIAL)
    row["satisfaction"].set_value(Satisfaction.DISSATISFIED)
    ime_type(row["verification"], "已督促被申请人按期付款")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    case = services.mediation.get(case_id).data
    assert [
        (f.followed_up_on, f.method, f.followed_up_by, f.performance, f.satisfaction)
        for f in case.follow_ups
    ] == [
        (
            date(2026, 11, 20),
            FollowUpMethod.HOME_VISIT,
            "周调解",
            Performance.PARTIAL,
            Satisfaction.DISSATISFIED,
        )
    ]
    assert case.follow_ups[0].verification == "已督促被申请人按期付款"
    assert case.follow_up_on == date(2026, 11, 20)  # 回访日期: the latest follow-up's
    # Opened again, the grid shows it.
    page.select_row(0)
    again = page.open_selected()
    assert again is not None
    shown = again.child_rows["follow_ups"].rows
    assert [r[0]["method"].value() for r in shown] == [FollowUpMethod.HOME_VISIT]
    again.reject()


def test_a_follow_up_before_acceptance_is_refused_on_its_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    case_id = _settled_case(window)
    page = _open_page(qtbot, window, "mediation_case")
    page.select_row(0)
    dialog = page.open_selected()
    assert dialog is not None
    follow_ups = dialog.child_rows["follow_ups"]
    qtbot.mouseClick(follow_ups.add_button, Qt.MouseButton.LeftButton)
    follow_ups.rows[0][0]["followed_up_on"].setDate(QDate(2026, 10, 1))
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "第1次回访的回访日期：不能早于受理日期" in follow_ups.errors.text()
    assert window.app.services.mediation.get(case_id).data.follow_ups == ()
    dialog.reject()


def test_a_consultations_satisfaction_and_what_was_checked(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.app.services
    page = _open_page(qtbot, window, "consultation")
    dialog = page.new_record()
    e = dialog.editors
    ime_type(e["channel"], "电话")
    ime_type(e["name"], "孙八")
    ime_type(e["category"], "借贷")
    ime_type(e["question"], "借款到期不还")
    ime_type(e["receiver"], "李专干")
    e["satisfaction"].set_value(Satisfaction.DISSATISFIED)
    ime_type(e["verification"], "已请律师再次解答")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [stored] = services.consultations.page().items
    assert (stored.data.satisfaction, stored.data.verification) == (
        Satisfaction.DISSATISFIED,
        "已请律师再次解答",
    )


def test_the_aid_centers_decision_on_a_forwarded_review(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    review = services.legal_aid.create(
        LegalAidReviewDraft(
            applied_on=date(2026, 11, 10),
            name="钱七",
            matter=AidMatter.WAGES,
            hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
            opinion=AidOpinion.FORWARD,
            forwarded_on=date(2026, 11, 11),
        )
    )
    page = _open_page(qtbot, window, "legal_aid_review")
    page.select_row(0)
    dialog = page.open_selected()
    assert dialog is not None
    e = dialog.editors
    e["aid_decision"].set_value(AidDecision.GRANTED)
    e["decided_on"].set_value(date(2026, 11, 5))  # before it was forwarded
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "不能早于转送日期" in dialog.error_labels["decided_on"].text()
    e["decided_on"].set_value(date(2026, 11, 18))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    got = services.legal_aid.get(review.id).data
    assert (got.aid_decision, got.decided_on) == (AidDecision.GRANTED, date(2026, 11, 18))
