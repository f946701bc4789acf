"""Fill the Word templates (docxtpl over python-docx) and hand back the filled documents.

A template is looked up first in the station's data folder (``templates/<title>.docx``, a
county's own wording) and then among the templates shipped with the app. Values are
XML-escaped on the way in (``autoescape``), so an ``&`` or ``<`` typed in a case cannot break
the file. A document printed once per item (each session, each follow-up) is the template
filled per item, the copies joined with page breaks in one file.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
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


def _filled(path: Path, context: dict[str, Any]) -> DocumentObject:
    try:
        template = DocxTemplate(str(path))
        template.render(context, autoescape=True)
    except (TemplateError, KeyError, ValueError) as exc:
        raise TemplateProblemError(
            f"文书模板“{path.name}”无法填写（{type(exc).__name__}），请检查模板中的 {{{{ }}}} 标记"
        ) from exc
    document: DocumentObject = template.docx  # rendered in place (no pictures to replace)
    return document


def filled_documents(
    kind: DocumentKind, context: dict[str, Any], data_dir: Path | None
) -> list[DocumentObject]:
    """The filled template: one document, or one per session / follow-up / investigation."""
    path = template_path(kind, data_dir)
    items_key = REPEATED.get(kind)
    if items_key is None:
        return [_filled(path, context)]
    return [_filled(path, {**context, "item": item}) for item in context[items_key]]


def joined(documents: Sequence[DocumentObject]) -> DocumentObject:
    """The documents one after another in the first one, each from a new page."""
    first = documents[0]
    body = first.element.body
    section = body.sectPr
    for other in documents[1:]:
        first.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for element in other.element.body.iterchildren():
            if element.tag.endswith("}sectPr"):
                continue
            if section is not None:
                section.addprevious(copy.deepcopy(element))
            else:
                body.append(copy.deepcopy(element))
    return first


def save_docx(document: DocumentObject, path: Path) -> None:
    document.save(str(path))
