from django.urls import path

from shanglian.directory import activity, views, views_import, views_manage

app_name = "directory"
urlpatterns = [
    path("", views.enterprise_list, name="enterprises"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("associations/", views.association_list, name="associations"),
    path("associations/<slug:slug>/", views.association_detail, name="association"),
    path("associations/<slug:slug>/terms/<int:number>/", views.term_detail, name="term"),
    path("associations/<slug:slug>/members/", views.manage_members, name="manage_members"),
    path("associations/<slug:slug>/members/add/", views_manage.member_add, name="member_add"),
    path("associations/<slug:slug>/members/<int:pk>/renew/", views_manage.membership_renew, name="membership_renew"),
    path("associations/<slug:slug>/members/<int:pk>/payment/", views_manage.membership_payment,
         name="membership_payment"),
    path("associations/<slug:slug>/activity/", activity.association_activity, name="activity"),
    path("associations/<slug:slug>/terms/manage/", views_manage.terms_manage, name="terms_manage"),
    path("associations/<slug:slug>/terms/<int:number>/bearers/", views_manage.term_bearers, name="term_bearers"),
    path("enterprises/<int:pk>/contacts/", views_manage.contacts, name="contacts"),
    path("import/", views_import.import_home, name="import"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("import/<int:pk>/", views_import.import_batch, name="import_batch"),
    path("import/<int:pk>/errors.xlsx", views_import.import_errors, name="import_errors"),
]
