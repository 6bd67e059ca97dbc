"""consultations API: /api/v1/consultations/…  (session login: the same cookie as the pages)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from ninja.security import django_auth

from shanglian.consultations import access, selectors, services
from shanglian.core.api_errors import ErrorOut
from shanglian.core.errors import Forbidden

router = Router()


class QuestionOut(Schema):
    id: int
    kind: str
    prompt: str
    choices: list[str]


class ConsultationOut(Schema):
    id: int
    title: str
    status: str
    deadline: datetime.datetime
    questions: list[QuestionOut]


class AnswerIn(Schema):
    question: int
    value: str


class ResponseIn(Schema):
    answers: list[AnswerIn] = []
    proposal: str = ""
    anonymous: bool = False


class ResponseOut(Schema):
    id: int
    consultation: int
    updated_at: datetime.datetime


def _out(c) -> dict:
    return {"id": c.pk, "title": str(c.title), "status": c.status, "deadline": c.deadline,
            "questions": [{"id": q.pk, "kind": q.kind, "prompt": str(q.prompt), "choices": q.choice_list()}
                          for q in selectors.questions(c)]}


@router.get("/consultations", response=list[ConsultationOut], auth=django_auth,
            summary="Consultations open to me (all of them for the secretariat)")
def list_consultations(request: HttpRequest):
    return [_out(c) for c in selectors.with_counts(access.visible_consultations(request.user))[:100]]


@router.post("/consultations/{consultation_id}/response", auth=django_auth,
             response={200: ResponseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             summary="Answer (or edit my answer) before the deadline")
def respond(request: HttpRequest, consultation_id: int, payload: ResponseIn):
    consultation = access.consultation_for_user(request.user, consultation_id)
    enterprises = access.audience_enterprise_ids(request.user, consultation)
    if not enterprises:
        raise Forbidden()
    response = services.response_save(
        actor=request.user, consultation=consultation, enterprise_id=enterprises[0],
        answers={a.question: a.value for a in payload.answers}, proposal=payload.proposal,
        anonymous=payload.anonymous, language=get_language() or "zh-hant")
    return {"id": response.pk, "consultation": consultation.pk, "updated_at": response.updated_at}
