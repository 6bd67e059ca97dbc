"""Reads of the consultations app, scoped by the caller (access.py decides who sees what)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from shanglian.consultations import synthesis
from shanglian.consultations.models import Answer, Consultation, Question, Response, Submission
from shanglian.core.i18n import pick


def response_of(consultation: Consultation, enterprise_id: int | None) -> Response | None:
    if not enterprise_id:
        return None
    return Response.objects.filter(consultation=consultation, enterprise_id=enterprise_id).first()


def answers_by_question(response: Response | None) -> dict[int, str]:
    if response is None:
        return {}
    out = {}
    for a in response.answers.all():
        out[a.question_id] = a.choice or (str(a.scale) if a.scale else "") or a.text
    return out


def questions(consultation: Consultation) -> QuerySet[Question]:
    return consultation.questions.all()


def with_counts(qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return qs.annotate(n_responses=Count("responses", distinct=True)).order_by("-deadline", "-pk")


def respondent_label(response: Response) -> str:
    """How a response is cited: the enterprise's name, or 匿名會員 when the member asked."""
    if response.anonymous:
        return _("匿名會員")
    return response.enterprise.name_zh or response.enterprise.name_en


def synthesis_for(consultation: Consultation, *, cluster: bool = True) -> dict[str, Any]:
    responses = list(consultation.responses.select_related("enterprise", "association", "industry"))
    by_id = {r.pk: r for r in responses}
    answers = list(Answer.objects.filter(response__consultation=consultation).select_related("question"))
    per_question: list[dict[str, Any]] = []
    for q in consultation.questions.all():
        rows = [a for a in answers if a.question_id == q.pk]
        item: dict[str, Any] = {"question": q, "count": len(rows)}
        if q.kind == Question.Kind.TEXT:
            texts = [(a.response_id, a.text, a.vector) for a in rows if a.text]
            item["themes"] = _themes(texts, by_id) if cluster else []
        else:
            values = [a.choice if q.kind == Question.Kind.CHOICE else str(a.scale) for a in rows]
            options = q.choice_list() if q.kind == Question.Kind.CHOICE else ["1", "2", "3", "4", "5"]
            item["options"] = options
            item["overall"] = [Counter(values)[o] for o in options]
            if q.kind == Question.Kind.SCALE and rows:
                item["mean"] = round(sum(a.scale or 0 for a in rows) / len(rows), 2)
            item["by_association"] = _table(rows, by_id, options, q, "association")
            item["by_industry"] = _table(rows, by_id, options, q, "industry")
        per_question.append(item)
    proposals = [(r.pk, r.proposal, r.proposal_vector) for r in responses if r.proposal]
    return {"responses": len(responses), "questions": per_question,
            "proposal_themes": _themes(proposals, by_id) if cluster else [], "proposal_count": len(proposals)}


def _group_name(response: Response, by: str) -> str:
    obj = getattr(response, by)
    if obj is None:
        return "—"
    if by == "association":
        return str(obj.short_name_zh or obj.name_zh)
    return pick(obj, "name")


def _table(rows: list[Answer], by_id: dict[int, Response], options: list[str], q: Question, by: str) -> list[tuple]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for a in rows:
        value = a.choice if q.kind == Question.Kind.CHOICE else str(a.scale)
        counts[_group_name(by_id[a.response_id], by)][value] += 1
    return [(name, [c[o] for o in options], sum(c.values())) for name, c in sorted(counts.items())]


def _themes(texts: list[tuple[int, str, Any]], by_id: dict[int, Response]) -> list[dict[str, Any]]:
    themes = synthesis.cluster_texts([(rid, text) for rid, text, _v in texts],
                                     vectors=synthesis.stored_vectors([(text, v) for _rid, text, v in texts]))
    return [{"size": t.size, "quotes": [{"id": rid, "text": text, "who": respondent_label(by_id[rid])}
                                        for rid, text in t.quotes]} for t in themes]


def draft_body(consultation: Consultation, summary: dict[str, Any]) -> str:
    """The first draft of the 意見書, citing responses as [#id]; the editor rewrites it."""
    lines = [_("本會於 %(date)s 前就「%(title)s」諮詢會員，共收到 %(n)s 份回應。")
             % {"date": consultation.deadline.date(), "title": consultation.title_zh_hant,
                "n": summary["responses"]}, ""]
    for number, item in enumerate(summary["questions"], start=1):
        q = item["question"]
        lines.append(f"{number}. {q.prompt_zh_hant}")
        if "overall" in item:
            lines.append("；".join(f"{o}：{n}" for o, n in zip(item["options"], item["overall"], strict=True)))
        for theme in item.get("themes", []):
            quotes = " ".join(f"「{x['text'][:120]}」[#{x['id']}]" for x in theme["quotes"][:2])
            lines.append(_("（%(n)s 份回應）") % {"n": theme["size"]} + quotes)
        lines.append("")
    if summary["proposal_themes"]:
        lines.append(_("會員其他建議："))
        for theme in summary["proposal_themes"]:
            quotes = " ".join(f"「{x['text'][:120]}」[#{x['id']}]" for x in theme["quotes"][:2])
            lines.append(_("（%(n)s 份回應）") % {"n": theme["size"]} + quotes)
    return "\n".join(lines)


def cited_responses(submission: Submission) -> list[Response]:
    import re

    ids = {int(m) for m in re.findall(r"\[#(\d{1,12})\]", submission.body_zh_hant or "")}
    return list(Response.objects.filter(consultation=submission.consultation_id, pk__in=ids)
                .select_related("enterprise").order_by("pk"))


def submissions_of(consultation: Consultation) -> QuerySet[Submission]:
    return consultation.submissions.order_by("-pk")


def submissions_register() -> QuerySet[Submission]:
    return Submission.objects.select_related("consultation").order_by("-sent_at", "-pk")
