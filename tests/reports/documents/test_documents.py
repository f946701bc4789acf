"""Golden tests of the mediation documents: for each fixture case, every document that applies
is printed as .docx and .pdf, and each field appears where the form puts it, read back from
the docx XML and from the PDF's text; fixed sentences word for word; no tag left unfilled;
ID and phone numbers masked unless revealed. A real office suite (LibreOffice) reads every
generated .docx, converting them all in one start-up (the slow part, hence the mark), and our
own PDFs embed their font."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from station_app.domain.choices import PartyRole, Role
from station_app.domain.identifiers import mask_phone, mask_resident_id
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.settings_schema import COMMITTEE_NAME
from station_app.reports.documents import api
from station_app.reports.documents.case_context import cn_date
from station_app.reports.documents.docx_render import STATION_FOLDER
from station_app.reports.documents.kinds import DocumentKind, DocumentNotApplicableError
from tests.conftest import StoreTemplate
from tests.reports.documents.cases import oral_agreement, several_parties, store_case
from tests.reports.documents.reading import (
    Printed,
    docx_text,
    open_copy,
    pdf_pages,
    squeezed,
)
from tests.work_queue_fixtures import PASSWORD, add_account

pytestmark = pytest.mark.slow

COMMITTEE = "龙兴镇人民调解委员会"

APPLIES = {
    "several_parties": {
        DocumentKind.INVESTIGATION,
        DocumentKind.COVER,
        DocumentKind.APPLICATION,
        DocumentKind.REGISTRATION,
        DocumentKind.NOTICE,
        DocumentKind.SESSION,
        DocumentKind.AGREEMENT,
        DocumentKind.JUDICIAL,
    },
    "oral_agreement": {
        DocumentKind.COVER,
        DocumentKind.REGISTRATION,
        DocumentKind.NOTICE,
        DocumentKind.SESSION,
        DocumentKind.ORAL_AGREEMENT,
    },
    "two_sessions_and_follow_up": {
        DocumentKind.COVER,
        DocumentKind.APPLICATION,
        DocumentKind.REGISTRATION,
        DocumentKind.NOTICE,
        DocumentKind.SESSION,
        DocumentKind.AGREEMENT,
        DocumentKind.FOLLOW_UP,
    },
    "closed_without_agreement": {
        DocumentKind.COVER,
        DocumentKind.APPLICATION,
        DocumentKind.REGISTRATION,
        DocumentKind.NOTICE,
        DocumentKind.SESSION,
    },
}


def party_lines(case: MediationCaseDraft, *, id_numbers: bool = False) -> list[str]:
    lines = []
    for p in case.parties:
        assert p.phone and p.id_number
        lines += [
            f"{p.role}：{p.name}，性别：{p.gender}，民族：{p.ethnicity}，年龄：{p.age}",
            f"职业或职务：{p.occupation}，联系方式：{mask_phone(p.phone)}",
            f"单位或住址：{p.address}",
        ]
        if id_numbers:
            lines.append(f"身份证号码：{mask_resident_id(p.id_number)}")
    return lines


def expected(kind: DocumentKind, case: MediationCaseDraft, dispute: str) -> list[str]:
    """What the form prints for the case, in the form's words."""
    number = case.case_number
    names = "、".join(p.name or "" for p in case.parties)
    accepted, closed = cn_date(case.accepted_on), cn_date(case.closed_on)
    first = next(p.name for p in case.parties if p.role is PartyRole.APPLICANT)
    other = next(p.name for p in case.parties if p.role is PartyRole.RESPONDENT)
    if kind is DocumentKind.COVER:
        return [
            COMMITTEE,
            "调 解 卷 宗",
            f"卷　　名：{first} 与 {other} {dispute}",
            f"卷　　号：{number}",
            f"人民调解员：{'、'.join(case.mediators)}",
            f"调解日期：{accepted} 至 {closed}",
            f"立 卷 人：{case.filed_by or ''}",
            f"立卷日期：{cn_date(case.filed_on)}",
            f"保管期限：{case.retention or ''}",
        ]
    if kind is DocumentKind.APPLICATION:
        return [
            "人民调解申请书",
            *party_lines(case),
            f"纠纷简要情况：\n{case.summary}",
            "当事人申请事项：",
            *(f"{n}．{r}" for n, r in enumerate(case.requests, 1)),
            "人民调解委员会已将申请人民调解的相关规定告知我，现自愿申请人民调解委员会进行调解。",
            "申请人（签名盖章或按指印）：",
            accepted,
        ]
    if kind is DocumentKind.REGISTRATION:
        return [
            "人民调解受理登记表",
            f"{accepted}，本人民调解委员会经当事人同意，调解{names}之间的纠纷。",
            f"纠纷类型：{dispute}",
            f"■{case.source}",
            case.summary or "",
            "当事人（签名）：",
            "登记人（签名）：",
            f"{COMMITTEE}（印章）",
            "此表由人民调解委员会填写",
        ]
    if kind is DocumentKind.NOTICE:
        return [
            "人民调解当事人权利义务告知书",
            f"{names}：",
            *(f"（第{n}条）" for n in ("二十三", "二十四", "三十一", "三十三")),
            "第三条",
            "不收取任何费用（第四条）",
            *(f"{p.role}（签名）：" for p in case.parties),
        ]
    if kind is DocumentKind.SESSION:
        lines = ["人民调解委员会已将人民调解的相关规定告知各方当事人", "记录人（签名）："]
        for n, s in enumerate(case.sessions, 1):
            lines += [
                f"编号：{number}（第{n}次调解）",
                f"时间：{cn_date(s.held_on)}",
                f"地点：{s.place}",
                f"事由：{s.subject}",
                f"参加人：{s.attendees}",
                f"当事人：{names}",
                f"人民调解员：{s.mediators}　　记录人：{case.recorder or ''}",
                f"记录：\n{s.record}",
                f"调解结果：{s.notes or (case.result if n == len(case.sessions) else '')}",
            ]
        return lines
    if kind is DocumentKind.INVESTIGATION:
        lines = ["被调查人（签名）：", "调查人（签名）：", "记录人（签名）："]
        for i in case.investigations:
            lines += [
                f"时间：{cn_date(i.investigated_on)}",
                f"地点：{i.place}",
                f"参加人：{i.attendees}",
                f"被调查人：{i.interviewee}",
                f"记录：\n{i.record}",
            ]
        return lines
    if kind in (DocumentKind.AGREEMENT, DocumentKind.ORAL_AGREEMENT):
        return [
            kind.form_title,
            f"编号：{number}",
            *party_lines(case),
            f"纠纷主要事实、争议事项：\n{case.dispute_facts or case.summary}",
            "经调解，自愿达成如下协议：",
            *(f"{n}．{t}" for n, t in enumerate(case.agreement_terms, 1)),
            f"本协议一式{case.copies or len(case.parties) + 1}份，当事人、人民调解委员会各持一份。",
            *(
                [
                    f"履行方式、时限：{case.performance_method}，{case.performance_due}",
                    f"履行地点：{case.performance_place}",
                ]
                if case.performance_method
                else []
            ),
            "当事人（签名盖章或按指印）：",
            f"{COMMITTEE}（印章）",
            closed,
        ]
    if kind is DocumentKind.FOLLOW_UP:
        lines = [f"当事人：{names}", f"调解协议编号：{number}", f"回访事由：{first} 与 {other}"]
        for f in case.follow_ups:
            lines += [
                f"满意度：{f.satisfaction}",
                f"履行情况：{f.performance}",
                f.verification or "",
                f"回访人：{f.followed_up_by}",
                f"时间：{cn_date(f.followed_up_on)}",
            ]
        return lines
    assert kind is DocumentKind.JUDICIAL
    return [
        "司法确认申请书",
        *party_lines(case, id_numbers=True),
        f"请求__________人民法院对{number}《人民调解协议书》进行司法确认",
        "《最高人民法院关于人民调解协议司法确认程序的若干规定》第三条",
    ]


DISPUTE = "邻里纠纷"  # every fixture is of type 02


@pytest.mark.parametrize("fixture", list(APPLIES))
def test_each_document_that_applies_is_printed_and_the_others_refused(
    printed: Printed, fixture: str
) -> None:
    made = {kind for (name, kind, suffix) in printed.files if name == fixture}
    assert made == APPLIES[fixture]
    refused = {kind for (name, kind) in printed.refused if name == fixture}
    assert refused == set(DocumentKind) - APPLIES[fixture]


@pytest.mark.parametrize("fixture", list(APPLIES))
def test_every_field_is_where_the_form_puts_it_in_word_and_in_pdf(
    printed: Printed, fixture: str
) -> None:
    case = printed.cases[fixture]
    for kind in sorted(APPLIES[fixture]):
        word = docx_text(printed.files[(fixture, kind, ".docx")])
        pdf = squeezed("".join(pdf_pages(printed.files[(fixture, kind, ".pdf")])))
        for line in expected(kind, case, DISPUTE):
            assert line in word, (kind, line)
            assert squeezed(line) in pdf, (kind, line)
        assert "{{" not in word and "{%" not in word and "}}" not in word, kind
        assert "{" not in pdf and "None" not in pdf, kind


def test_numbers_are_masked_unless_revealed(printed: Printed) -> None:
    for (fixture, kind, suffix), path in printed.files.items():
        text = docx_text(path) if suffix == ".docx" else "".join(pdf_pages(path))
        for p in printed.cases[fixture].parties:
            assert p.phone and p.id_number
            assert p.phone not in text and p.id_number not in text, (fixture, kind, suffix)


def test_the_fixed_sentences_are_word_for_word(printed: Printed) -> None:
    """The Ministry's sentences, each in a paragraph of its own (or with only its values)."""
    word = {
        kind: docx_text(printed.files[("two_sessions_and_follow_up", kind, ".docx")]).splitlines()
        for kind in APPLIES["two_sessions_and_follow_up"]
    }
    assert (
        "人民调解委员会已将申请人民调解的相关规定告知我，现自愿申请人民调解委员会进行调解。"
        in word[DocumentKind.APPLICATION]
    )
    assert (
        word[DocumentKind.SESSION].count("人民调解委员会已将人民调解的相关规定告知各方当事人") == 2
    )
    assert "经调解，自愿达成如下协议：" in word[DocumentKind.AGREEMENT]
    assert "本协议一式3份，当事人、人民调解委员会各持一份。" in word[DocumentKind.AGREEMENT]
    assert "此表由人民调解委员会填写" in word[DocumentKind.REGISTRATION]
    assert (
        "2026年10月8日，本人民调解委员会经当事人同意，调解孙甲、周乙之间的纠纷。"
        in word[DocumentKind.REGISTRATION]
    )


def test_one_record_per_session_each_on_its_own_page(printed: Printed) -> None:
    pages = pdf_pages(printed.files[("two_sessions_and_follow_up", DocumentKind.SESSION, ".pdf")])
    assert len(pages) == 2
    assert ["第1次调解" in squeezed(p) for p in pages] == [True, False]
    assert ["第2次调解" in squeezed(p) for p in pages] == [False, True]


def test_an_agreement_for_a_case_without_one_is_refused_with_the_reason(printed: Printed) -> None:
    assert printed.refused[("closed_without_agreement", DocumentKind.AGREEMENT)] == (
        "本案调解结果为“调解不成功”，没有达成调解协议，无法打印人民调解协议书"
    )
    assert printed.refused[("oral_agreement", DocumentKind.AGREEMENT)] == (
        "本案达成的是口头协议，不是书面协议，请打印人民调解口头协议登记表"
    )
    assert printed.refused[("oral_agreement", DocumentKind.APPLICATION)].endswith(
        "请打印人民调解受理登记表"
    )


def test_a_case_is_found_by_its_number(printed: Printed, tmp_path: Path) -> None:
    number = printed.number("oral_agreement").replace("（", "(").replace("）", ")")
    out = api.write_document(printed.services, number, DocumentKind.COVER, tmp_path / "c.pdf")
    assert "卷号：（2026）龙兴调字第0012号" in squeezed("".join(pdf_pages(out)))
    with pytest.raises(api.NotFoundError, match="找不到案号为（2026）龙兴调字第0099号"):
        api.find_case_id(printed.services, "（2026）龙兴调字第0099号")


def test_values_are_escaped_and_a_station_template_wins(
    store_template: StoreTemplate, tmp_path: Path
) -> None:
    services = open_copy(store_template, tmp_path / "data")
    try:
        case = several_parties()
        case_id = store_case(services, type(case)(**{**case.__dict__, "summary": "A&B <排水沟>"}))
        own = tmp_path / "data" / STATION_FOLDER
        own.mkdir()
        from docx import Document

        doc = Document()
        doc.add_paragraph("本站自定封面 {{ case_number }} {{ summary }}")
        doc.save(str(own / DocumentKind.COVER.template))
        out = api.write_document(services, case_id, DocumentKind.COVER, tmp_path / "c.docx")
        assert docx_text(out) == "本站自定封面 （2026）龙兴调字第0011号 A&B <排水沟>"
        app = api.write_document(services, case_id, DocumentKind.APPLICATION, tmp_path / "a.docx")
        assert "A&B <排水沟>" in docx_text(app)
    finally:
        services.close()


def test_reveal_prints_full_numbers_and_is_audited_only_for_the_right(
    store_template: StoreTemplate, tmp_path: Path
) -> None:
    services = open_copy(store_template, tmp_path / "data")
    try:
        case_id = store_case(services, several_parties())
        clear = services.mediation.reveal(case_id).data
        before = services.audit.count()
        out = api.write_document(
            services, case_id, DocumentKind.JUDICIAL, tmp_path / "j.pdf", reveal=True
        )
        text = squeezed("".join(pdf_pages(out)))
        assert all(p.id_number and p.id_number in text for p in clear.parties)
        assert services.audit.count() == before + 1
        assert services.audit.page(0, 1)[0].action == "reveal"
        # a refused document reveals nothing
        with pytest.raises(DocumentNotApplicableError):
            api.write_document(
                services, case_id, DocumentKind.FOLLOW_UP, tmp_path / "f.pdf", reveal=True
            )
        assert services.audit.count() == before + 1
        add_account(services, "lawyer", "孙律师", Role.DUTY_LAWYER)
        services.accounts.sign_in("lawyer", PASSWORD)
        with pytest.raises(api.DomainError):
            api.write_document(
                services, case_id, DocumentKind.JUDICIAL, tmp_path / "x.pdf", reveal=True
            )
        assert not (tmp_path / "x.pdf").exists()
    finally:
        services.close()


def test_oral_agreement_names_the_article(printed: Printed) -> None:
    word = docx_text(printed.files[("oral_agreement", DocumentKind.ORAL_AGREEMENT, ".docx")])
    assert "第二十八条" in word
    assert oral_agreement().mediators[0] in word


def test_the_committee_named_on_the_settings_page_signs_the_documents(
    store_template: StoreTemplate, tmp_path: Path
) -> None:
    services = open_copy(store_template, tmp_path / "data")
    try:
        case_id = store_case(services, several_parties())
        services.settings.put(COMMITTEE_NAME, "龙兴镇青石村人民调解委员会")
        out = api.write_document(services, case_id, DocumentKind.AGREEMENT, tmp_path / "a.docx")
        assert "龙兴镇青石村人民调解委员会（印章）" in docx_text(out).splitlines()
    finally:
        services.close()


def test_the_shipped_templates_are_what_the_script_makes(tmp_path: Path) -> None:
    """The .docx files are generated (resources/templates/make_templates.py): an edit to the
    script that was not rerun, or a hand edit to a shipped file, shows here."""
    import importlib.util
    import zipfile

    from station_app.reports.documents.docx_render import SHIPPED

    spec = importlib.util.spec_from_file_location("make_templates", SHIPPED / "make_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.make(tmp_path)
    assert sorted(p.name for p in made) == sorted(k.template for k in DocumentKind)
    for path in made:
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(SHIPPED / path.name) as shipped:
            assert new.read("word/document.xml") == shipped.read("word/document.xml"), path.name
            assert new.read("word/styles.xml") == shipped.read("word/styles.xml"), path.name


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) missing")
def test_libreoffice_converts_every_generated_docx(printed: Printed, tmp_path: Path) -> None:
    assert SOFFICE is not None
    words = sorted(p for (_, _, suffix), p in printed.files.items() if suffix == ".docx")
    assert len(words) == 25  # every document that applies to the four fixture cases
    converted = tmp_path / "converted"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *map(str, words),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for word in words:
        pdf = converted / f"{word.stem}.pdf"
        assert pdf.is_file(), word.name
        pages = pdf_pages(pdf)
        assert pages, word.name
        # the title LibreOffice laid out is the title our own PDF starts with
        ours = squeezed(pdf_pages(printed.files[(*_key(printed, word), ".pdf")])[0])
        assert squeezed(pages[0])[:6] == ours[:6], word.name


def _key(printed: Printed, word: Path) -> tuple[str, object]:
    return next((f, k) for (f, k, s), p in printed.files.items() if p == word)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) missing")
def test_our_pdfs_embed_their_one_font(printed: Printed) -> None:
    for (_, _, suffix), path in printed.files.items():
        if suffix != ".pdf":
            continue
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        fonts = out.stdout.splitlines()[2:]  # subsets of 256 glyphs each
        assert fonts and all("+UMingCN" in f.split()[0] for f in fonts), path.name
        assert all(f.split()[-5] == "yes" for f in fonts), path.name  # emb
