"""The 意見書 as PDF (reportlab, the CJK fonts in core.pdf) and as DOCX (written directly: a DOCX
is a zip of four XML parts; no extra package)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from shanglian.consultations import selectors
from shanglian.consultations.models import Submission
from shanglian.core.pdf import text_pdf

LANGS = ("zh_hant", "zh_hans", "en")


def _parts(submission: Submission, lang: str) -> tuple[str, list[tuple[str, str]]]:
    lang = lang if lang in LANGS else "zh_hant"
    title = getattr(submission, f"title_{lang}") or submission.title_zh_hant
    body = getattr(submission, f"body_{lang}") or submission.body_zh_hant
    blocks: list[tuple[str, str]] = [("h1", title)]
    if submission.approved_at:
        blocks.append(("small", _("理事會於 %(date)s 通過（%(minute)s）")
                       % {"date": submission.approved_at.date(), "minute": submission.council_minute}))
    blocks += [("p", para) for para in body.split("\n")]
    cited = selectors.cited_responses(submission)
    if cited:
        blocks.append(("h2", _("引用的會員回應")))
        blocks += [("small", f"[#{r.pk}] {selectors.respondent_label(r)}") for r in cited]
    return title, blocks


def submission_pdf(submission: Submission, lang: str = "zh_hant") -> bytes:
    title, blocks = _parts(submission, lang)
    return text_pdf(title=title, blocks=blocks)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="word/document.xml"/>
</Relationships>"""
_SIZES = {"h1": 36, "h2": 28, "p": 24, "small": 18}


def submission_docx(submission: Submission, lang: str = "zh_hant") -> bytes:
    _title, blocks = _parts(submission, lang)
    paras = []
    for style, text in blocks:
        bold = "<w:b/>" if style.startswith("h") else ""
        size = _SIZES.get(style, 24)
        paras.append(
            f'<w:p><w:r><w:rPr>{bold}<w:rFonts w:eastAsia="PMingLiU"/><w:sz w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + "".join(paras) + "</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return buffer.getvalue()
