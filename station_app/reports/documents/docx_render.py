"""Fill the Word templates (docxtpl over python-docx) and hand back the filled documents.

A template is looked up first in the station's data folder (``templates/<title>.docx``, a
county's own wording) and then among the templates shipped with the app. Values are
XML-escaped on the way in (``autoescape``), so an ``&`` or ``<`` typed in a case cannot break
the file. A document printed once per item (each session, each follow-up) is the template's
body repeated per item, the copies parted by page breaks, in one file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from station_app.domain.errors import DomainError
from station_app.reports.documents.kinds import REPEATED, DocumentKind

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "templates"
#: A station's own templates: this subfolder of its data folder.
STATION_FOLDER = "templates"


class TemplateProblemError(DomainError):
    """A template that cannot be read or filled (a county edit that broke a ``{{ }}`` tag)."""


def shipped_folders() -> list[Path]:
    bundle = getattr(sys, "_MEIPASS", None)
    found = [Path(bundle) / "resources" / "templates"] if bundle else []
    return [*found, SHIPPED]


def template_path(kind: DocumentKind, data_dir: Path | None) -> Path:
    """The station's own template if it has one, else the shipped one."""
    folders = [data_dir / STATION_FOLDER] if data_dir is not None else []
    for folder in (*folders, *shipped_folders()):
        candidate = folder / kind.template
        if candidate.is_file():
            return candidate
    raise TemplateProblemError(f"找不到文书模板“{kind.template}”，请重新安装本程序")


#: Between the copies of a repeated document: a paragraph holding a page break.
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


class _RepeatedTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    """The template's body once per ``items``, copies parted by page breaks, in one render:
    one file to read and one Jinja template to compile however many sessions a case has."""

    def patch_xml(self, src_xml: str) -> str:
        xml: str = super().patch_xml(src_xml)
        if "<w:body" not in xml:  # a header or footer: filled as it is
            return xml
        start = xml.index(">", xml.index("<w:body")) + 1
        end = xml.rfind("<w:sectPr")
        if end < start:
            end = xml.rindex("</w:body>")
        return (
            f"{xml[:start]}{{% for item in items %}}{xml[start:end]}"
            f"{{% if not loop.last %}}{PAGE_BREAK}{{% endif %}}{{% endfor %}}{xml[end:]}"
        )


def _filled(path: Path, context: dict[str, Any], *, repeated: bool) -> DocumentObject:
    try:
        template = (_RepeatedTemplate if repeated else DocxTemplate)(str(path))
        template.render(context, autoescape=True)
    except (TemplateError, KeyError, ValueError) as exc:
        raise TemplateProblemError(
            f"文书模板“{path.name}”无法填写（{type(exc).__name__}），请检查模板中的 {{{{ }}}} 标记"
        ) from exc
    document: DocumentObject = template.docx  # rendered in place (no pictures to replace)
    return document


def filled_document(
    kind: DocumentKind, context: dict[str, Any], data_dir: Path | None
) -> DocumentObject:
    """The filled template; a session, follow-up or investigation record once per item
    (``item`` in the template), each from a new page."""
    path = template_path(kind, data_dir)
    items_key = REPEATED.get(kind)
    if items_key is None:
        return _filled(path, context, repeated=False)
    return _filled(path, {**context, "items": context[items_key]}, repeated=True)


def save_docx(document: DocumentObject, path: Path) -> None:
    document.save(str(path))
