from django.urls import path

from shanglian.incubation.views import applicant, incubatee, public, review, staff

app_name = "incubation"
urlpatterns = [
    path("", public.home, name="home"),
    path("calls/<slug:slug>/", public.call_detail, name="call"),
    path("calls/<slug:slug>/apply/", public.apply, name="apply"),
    path("applications/", applicant.mine, name="mine"),
    path("applications/<int:pk>/", applicant.application, name="application"),
    path("applications/<int:pk>/members/", applicant.member_add, name="member_add"),
    path("members/<int:pk>/remove/", applicant.member_remove, name="member_remove"),
    path("applications/<int:pk>/letter.pdf", applicant.letter, name="letter"),
    path("applications/<int:pk>/accept/", applicant.accept, name="accept"),
    path("reviews/", review.queue, name="reviews"),
    path("reviews/<int:pk>/", review.review, name="review"),
    path("reviews/<int:pk>/conflict/", review.conflict, name="conflict"),
    path("startups/<int:pk>/", incubatee.incubatee, name="incubatee"),
    path("startups/<int:pk>/kpi/", incubatee.kpi, name="kpi"),
    path("startups/<int:pk>/mentoring/", incubatee.mentoring, name="mentoring"),
    path("instalments/<int:pk>/evidence/", incubatee.instalment_evidence, name="instalment_evidence"),
    path("instalments/<int:pk>/release/", incubatee.instalment_release, name="instalment_release"),
    path("manage/", staff.manage, name="manage"),
    path("manage/calls/<slug:slug>/", staff.manage_call, name="manage_call"),
    path("manage/calls/<slug:slug>/form/", staff.form_builder, name="form_builder"),
    path("manage/calls/<slug:slug>/assign/", staff.assign, name="assign"),
    path("manage/calls/<slug:slug>/moderation/", staff.moderation, name="moderation"),
    path("manage/calls/<slug:slug>/pitch-day/", staff.pitch_day, name="pitch_day"),
    path("manage/applications/<int:pk>/override/", staff.override, name="override"),
    path("manage/applications/<int:pk>/decide/", staff.decide, name="decide"),
    path("manage/spaces/", staff.spaces, name="spaces"),
    path("manage/funder-report.xlsx", staff.funder_report, name="funder_report"),
]
