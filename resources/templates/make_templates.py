"""Make the mediation document templates (人民调解文书) as Word files: `python make_templates.py`.

The .docx files beside this script are what the app fills (docxtpl: ``{{ name }}`` places a
value, ``{%p for … %}`` repeats a paragraph). They are generated here so that they can be
remade identically; a county edits the .docx itself (in Word or WPS) and gives it to its
stations, which put it in their data folder's ``templates`` subfolder. Keep every ``{{ … }}``
tag whole inside one run when editing by hand (type it in one go, without formatting inside).

Layout: A4, 宋体 (SimSun) 12 pt body, titles 小二 bold centred, the fixed sentences of the
forms word for word as the Ministry's formats have them (see shared spec documents.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "SimSun"
FONT_CN = "宋体"
BODY = Pt(12)
TITLE = Pt(18)
SIGN = "________________"

LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def new_document() -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(28)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT_CN)
    fonts.set(qn("w:ascii"), FONT)
    fonts.set(qn("w:hAnsi"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.5
    return doc


def para(
    doc: DocumentObject,
    text: str,
    *,
    align: int = LEFT,
    size: Pt = BODY,
    bold: bool = False,
    indent: bool = False,
) -> None:
    """One paragraph in one run, so that a tag inside it stays whole."""
    p = doc.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(24)
    run = p.add_run(text)
    run.font.size = size
    run.font.bold = bold
    run.font.name = FONT
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_CN)


def title(doc: DocumentObject, text: str) -> None:
    para(doc, text, align=CENTER, size=TITLE, bold=True)


def tag(doc: DocumentObject, text: str) -> None:
    """A paragraph-level tag (``{%p … %}``): docxtpl removes the paragraph when filling."""
    doc.add_paragraph(text)


def blank(doc: DocumentObject) -> None:
    doc.add_paragraph("")


def party_block(doc: DocumentObject, loop: str, *, id_number: bool = False) -> None:
    tag(doc, f"{{%p for p in {loop} %}}")
    para(
        doc,
        "{{ p.role }}：{{ p.name }}，性别：{{ p.gender }}，民族：{{ p.ethnicity }}，"
        "年龄：{{ p.age }}",
    )
    if id_number:
        para(doc, "身份证号码：{{ p.id_number }}")
    para(doc, "职业或职务：{{ p.occupation }}，联系方式：{{ p.phone }}")
    para(doc, "单位或住址：{{ p.workplace }}")
    tag(doc, "{%p endfor %}")


def numbered(doc: DocumentObject, loop: str) -> None:
    tag(doc, f"{{%p for item in {loop} %}}")
    para(doc, "{{ loop.index }}．{{ item }}", indent=True)
    tag(doc, "{%p endfor %}")


def committee_and_date(doc: DocumentObject, day: str) -> None:
    blank(doc)
    para(doc, "{{ committee }}（印章）", align=RIGHT)
    para(doc, f"{{{{ {day} }}}}", align=RIGHT)


def cover(doc: DocumentObject) -> None:
    for _ in range(3):
        blank(doc)
    para(doc, "{{ committee }}", align=CENTER, size=Pt(22), bold=True)
    para(doc, "调 解 卷 宗", align=CENTER, size=Pt(36), bold=True)
    for _ in range(3):
        blank(doc)
    for label, value in (
        ("卷　　名", "file_name"),
        ("卷　　号", "case_number"),
        ("人民调解员", "mediators"),
        ("调解日期", None),
        ("立 卷 人", "filed_by"),
        ("立卷日期", "filed_on"),
        ("保管期限", "retention"),
        ("备　　注", "note"),
    ):
        shown = "{{ accepted_on }} 至 {{ closed_on }}" if value is None else f"{{{{ {value} }}}}"
        para(doc, f"{label}：{shown}", size=Pt(14))


def application(doc: DocumentObject) -> None:
    title(doc, "人民调解申请书")
    party_block(doc, "applicants")
    party_block(doc, "respondents")
    party_block(doc, "others")
    para(doc, "纠纷简要情况：", bold=True)
    para(doc, "{{ summary }}", indent=True)
    para(doc, "当事人申请事项：", bold=True)
    numbered(doc, "requests")
    para(
        doc,
        "人民调解委员会已将申请人民调解的相关规定告知我，现自愿申请人民调解委员会进行调解。",
        indent=True,
    )
    blank(doc)
    para(doc, f"申请人（签名盖章或按指印）：{SIGN}", align=RIGHT)
    para(doc, "{{ accepted_on }}", align=RIGHT)


def registration(doc: DocumentObject) -> None:
    title(doc, "人民调解受理登记表")
    para(
        doc,
        "{{ accepted_on }}，本人民调解委员会经当事人同意，调解{{ party_names }}之间的纠纷。",
        indent=True,
    )
    para(doc, "纠纷类型：{{ dispute_type }}")
    para(doc, "案件来源：{{ source_ticks }}")
    para(doc, "纠纷简要情况：", bold=True)
    para(doc, "{{ summary }}", indent=True)
    blank(doc)
    para(doc, f"当事人（签名）：{SIGN}")
    para(doc, f"登记人（签名）：{SIGN}")
    committee_and_date(doc, "accepted_on")
    blank(doc)
    para(doc, "此表由人民调解委员会填写", size=Pt(10.5))


NOTICE = (
    "一、人民调解委员会是依法设立的调解民间纠纷的群众性组织，在基层人民政府和基层人民法院"
    "指导下开展工作。",
    "二、人民调解委员会调解民间纠纷，应当遵循下列原则：（一）在当事人自愿、平等的基础上进行"
    "调解；（二）不违背法律、法规和国家政策；（三）尊重当事人的权利，不得因调解而阻止当事人"
    "依法通过仲裁、行政、司法等途径维护自己的权利（《中华人民共和国人民调解法》第三条）。"
    "人民调解委员会调解民间纠纷，不收取任何费用（第四条）。",
    "三、当事人在人民调解活动中享有下列权利（第二十三条）：（一）选择或者接受人民调解员；"
    "（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解公开进行或者不公开进行；"
    "（四）自主表达意愿、自愿达成调解协议。",
    "四、当事人在人民调解活动中履行下列义务（第二十四条）：（一）如实陈述纠纷事实；"
    "（二）遵守调解现场秩序，尊重人民调解员；（三）尊重对方当事人行使权利。",
    "五、经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行"
    "（第三十一条）。",
    "六、经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起"
    "三十日内共同向人民法院申请司法确认（第三十三条）。",
)


def notice(doc: DocumentObject) -> None:
    title(doc, "人民调解当事人权利义务告知书")
    para(doc, "{{ party_names }}：")
    para(
        doc, "根据《中华人民共和国人民调解法》的规定，现将人民调解的有关事项告知如下：", indent=True
    )
    for line in NOTICE:
        para(doc, line, indent=True)
    para(doc, "以上内容本人已知悉。", indent=True)
    blank(doc)
    tag(doc, "{%p for p in parties %}")
    para(doc, f"{{{{ p.role }}}}（签名）：{SIGN}", align=RIGHT)
    tag(doc, "{%p endfor %}")
    committee_and_date(doc, "accepted_on")


def investigation(doc: DocumentObject) -> None:
    title(doc, "人民调解调查记录")
    para(doc, "时间：{{ item.held_on }}")
    para(doc, "地点：{{ item.place }}")
    para(doc, "参加人：{{ item.attendees }}")
    para(doc, "被调查人：{{ item.person }}")
    para(doc, "记录：", bold=True)
    para(doc, "{{ item.record }}", indent=True)
    blank(doc)
    para(doc, f"被调查人（签名）：{SIGN}")
    para(doc, f"调查人（签名）：{SIGN}")
    para(doc, f"记录人（签名）：{SIGN}")


def session(doc: DocumentObject) -> None:
    title(doc, "人民调解记录")
    para(doc, "编号：{{ case_number }}（第{{ item.number }}次调解）", align=RIGHT)
    para(doc, "时间：{{ item.held_on }}")
    para(doc, "地点：{{ item.place }}")
    para(doc, "事由：{{ item.subject }}")
    para(doc, "参加人：{{ item.attendees }}")
    para(doc, "当事人：{{ item.parties }}")
    para(doc, "人民调解员：{{ item.mediators }}　　记录人：{{ recorder }}")
    para(doc, "人民调解委员会已将人民调解的相关规定告知各方当事人", indent=True)
    para(doc, "记录：", bold=True)
    para(doc, "{{ item.record }}", indent=True)
    para(doc, "调解结果：{{ item.result }}")
    blank(doc)
    para(doc, f"当事人（签名）：{SIGN}")
    para(doc, f"人民调解员（签名）：{SIGN}")
    para(doc, f"记录人（签名）：{SIGN}")


def agreement_body(doc: DocumentObject) -> None:
    para(doc, "编号：{{ case_number }}", align=RIGHT)
    party_block(doc, "parties")
    para(doc, "纠纷主要事实、争议事项：", bold=True)
    para(doc, "{{ facts }}", indent=True)
    para(doc, "经调解，自愿达成如下协议：", indent=True)
    numbered(doc, "terms")
    para(
        doc,
        "履行方式、时限：{{ performance_way }}"
        "{% if performance_deadline %}，{{ performance_deadline }}{% endif %}",
    )
    tag(doc, "{%p if performance_place %}")
    para(doc, "履行地点：{{ performance_place }}")
    tag(doc, "{%p endif %}")
    para(doc, "本协议一式{{ copies }}份，当事人、人民调解委员会各持一份。", indent=True)
    blank(doc)
    tag(doc, "{%p for p in parties %}")
    para(doc, f"当事人（签名盖章或按指印）：{SIGN}")
    tag(doc, "{%p endfor %}")
    para(doc, f"人民调解员（签名）：{SIGN}")
    para(doc, f"记录人（签名）：{SIGN}")
    committee_and_date(doc, "agreed_on")


def agreement(doc: DocumentObject) -> None:
    title(doc, "人民调解协议书")
    agreement_body(doc)


def oral_agreement(doc: DocumentObject) -> None:
    title(doc, "人民调解口头协议登记表")
    para(
        doc,
        "（依照《中华人民共和国人民调解法》第二十八条，当事人口头达成调解协议，"
        "由人民调解员记录协议内容）",
        align=CENTER,
        size=Pt(10.5),
    )
    agreement_body(doc)
    para(doc, "协议内容记录人（人民调解员）：{{ mediators }}")


def follow_up(doc: DocumentObject) -> None:
    title(doc, "人民调解回访记录")
    para(doc, "当事人：{{ party_names }}")
    para(doc, "调解协议编号：{{ case_number }}")
    para(doc, "回访事由：{{ file_name }}")
    para(doc, "回访情况：", bold=True)
    para(doc, "{{ item.situation }}", indent=True)
    para(doc, "回访人：{{ item.followed_up_by }}")
    blank(doc)
    para(doc, f"回访人（签名）：{SIGN}", align=RIGHT)
    para(doc, "时间：{{ item.followed_up_on }}", align=RIGHT)


def judicial(doc: DocumentObject) -> None:
    title(doc, "司法确认申请书")
    party_block(doc, "parties", id_number=True)
    para(doc, "纠纷简要情况：", bold=True)
    para(
        doc,
        "{{ summary }}经{{ committee }}主持调解，双方当事人于{{ agreed_on }}自愿达成"
        "{{ case_number }}《人民调解协议书》。",
        indent=True,
    )
    para(doc, "请求事项：", bold=True)
    para(doc, "请求{{ court }}对{{ case_number }}《人民调解协议书》进行司法确认", indent=True)
    para(
        doc,
        "申请人承诺：双方当事人出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的"
        "行为；协议内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人"
        "合法权益；如因该协议内容给他人造成损害的，愿意承担相应的民事责任和其他法律责任。",
        indent=True,
    )
    para(doc, "此致")
    para(doc, "{{ court }}")
    para(doc, "附：（依照《最高人民法院关于人民调解协议司法确认程序的若干规定》第三条）")
    for line in (
        "1．人民调解协议书；",
        "2．调解组织主持调解的证明；",
        "3．双方当事人的身份证明；",
        "4．与调解协议相关的财产权利证明等证明材料。",
    ):
        para(doc, line, indent=True)
    blank(doc)
    tag(doc, "{%p for p in parties %}")
    para(doc, f"{{{{ p.role }}}}（签名盖章或按指印）：{SIGN}", align=RIGHT)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ printed_on }}", align=RIGHT)


TEMPLATES: dict[str, Callable[[DocumentObject], None]] = {
    "卷宗封面": cover,
    "人民调解申请书": application,
    "人民调解受理登记表": registration,
    "人民调解当事人权利义务告知书": notice,
    "人民调解调查记录": investigation,
    "人民调解记录": session,
    "人民调解协议书": agreement,
    "人民调解口头协议登记表": oral_agreement,
    "人民调解回访记录": follow_up,
    "司法确认申请书": judicial,
}


def make(folder: Path = HERE) -> list[Path]:
    made = []
    for name, fill in TEMPLATES.items():
        doc = new_document()
        doc.core_properties.title = name
        doc.core_properties.author = "Station Ledger 公共法律服务工作站台账"
        fill(doc)
        path = folder / f"{name}.docx"
        doc.save(str(path))
        made.append(path)
    return made


if __name__ == "__main__":
    for path in make():
        print(path.name)
