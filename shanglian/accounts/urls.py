from django.urls import path

from shanglian.accounts.views import applications, home, invitations

app_name = "accounts"
urlpatterns = [
    path("", home.account_home, name="home"),
    path("invitations/", invitations.invitation_list, name="invitations"),
    path("invitations/<int:pk>/revoke/", invitations.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", invitations.invitation_resend, name="invitation_resend"),
    path("invitations/accept/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("enterprises/<int:pk>/invite/", invitations.invite_for_enterprise, name="invite"),
    path("registrations/<int:pk>/invite/", invitations.invite_registration, name="invite_registration"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/new/", applications.application_new, name="application_new"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/approve/", applications.application_approve, name="application_approve"),
    path("applications/<int:pk>/reject/", applications.application_reject, name="application_reject"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application_withdraw"),
    path("associations/<slug:slug>/applications/", applications.application_queue, name="application_queue"),
]
