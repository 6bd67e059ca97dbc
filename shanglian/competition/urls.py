from django.urls import path

from shanglian.competition import views

app_name = "competition"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("mine/", views.my_entries, name="mine"),
    path("new/", views.competition_new, name="new"),
    path("<int:pk>/edit/", views.competition_edit, name="edit"),
    path("<int:pk>/judges/invite/", views.judge_invite, name="judge_invite"),
    path("judge-invitations/<int:pk>/revoke/", views.judge_invitation_revoke, name="invitation_revoke"),
    path("judge-invitations/<str:token>/", views.judge_invitation_accept, name="invitation"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/enter/", views.entry_new, name="enter"),
    path("<int:pk>/gallery/", views.gallery, name="gallery"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/judging/", views.judging, name="judging"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("entries/<int:pk>/image/<str:kind>/", views.entry_image, name="image"),
    path("entries/<int:pk>/vote/", views.vote, name="vote"),
    path("entries/<int:pk>/report/", views.fraud_report, name="report"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="withdraw"),
    path("entries/<int:pk>/certificate/", views.certificate, name="certificate"),
]
