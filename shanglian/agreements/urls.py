from django.urls import path

from shanglian.agreements.views import manage, projects, public

app_name = "agreements"
urlpatterns = [
    path("achievements/", public.achievements, name="achievements"),
    path("achievements/<int:pk>/", public.public_detail, name="public_detail"),
    path("organisations/", public.organisations, name="organisations"),
    path("organisations/new/", public.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/", public.organisation, name="organisation"),
    path("organisations/<int:pk>/edit/", public.organisation_edit, name="organisation_edit"),
    path("", manage.register, name="register"),
    path("new/", manage.create, name="create"),
    path("funnel/", manage.funnel, name="funnel"),
    path("<int:pk>/", manage.detail, name="detail"),
    path("<int:pk>/edit/", manage.edit, name="edit"),
    path("<int:pk>/parties/", manage.party_add, name="party_add"),
    path("<int:pk>/parties/<int:party_pk>/", manage.party_edit, name="party_edit"),
    path("<int:pk>/status/", manage.transition, name="transition"),
    path("<int:pk>/files/", manage.file_upload, name="file_upload"),
    path("<int:pk>/files/<int:file_pk>/", manage.file_download, name="file_download"),
    path("<int:pk>/obligations/", manage.obligation_add, name="obligation_add"),
    path("<int:pk>/obligations/<int:obligation_pk>/done/", manage.obligation_done, name="obligation_done"),
    path("<int:pk>/notes/", manage.note_add, name="note_add"),
    path("<int:pk>/sources/", manage.source_add, name="source_add"),
    path("<int:pk>/outcomes/", manage.outcome_add, name="outcome_add"),
    path("<int:pk>/ceremony/", manage.ceremony, name="ceremony"),
    path("<int:pk>/ceremony.pdf", manage.ceremony_pdf, name="ceremony_pdf"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/new/", projects.project_edit, name="project_create"),
    path("projects/<int:pk>/", projects.project, name="project"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("pledges/<int:pk>/instalments/<int:instalment_pk>/paid/", projects.instalment_paid, name="instalment_paid"),
    path("pledges/<int:pk>/acknowledge/", projects.pledge_acknowledge, name="pledge_acknowledge"),
    path("pledges/<int:pk>/letter.pdf", projects.pledge_letter, name="pledge_letter"),
]
