from django.urls import path

from shanglian.customs import views

app_name = "customs"
urlpatterns: list = [
    path("", views.home, name="home"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/publish/", views.partner_publish, name="partner_publish"),
    path("rules/", views.rules, name="rules"),
    path("declarations/", views.declarations, name="declarations"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration"),
    path("declarations/<int:pk>/messages/<int:message>/", views.message_xml, name="message_xml"),
    path("declarations/<int:pk>/cancel/", views.declaration_cancel, name="declaration_cancel"),
    path("declarations/<int:pk>/refund/", views.declaration_refund, name="declaration_refund"),
    path("agent/", views.agent_inbox, name="agent"),
    path("agent/bundles/", views.bundle_create, name="bundle_create"),
    path("agent/bundles/<int:pk>/", views.bundle_download, name="bundle_download"),
    path("agent/receipts/", views.receipt_upload, name="receipt_upload"),
    path("workbench/", views.workbench_home, name="workbench"),
    path("workbench/template.xlsx", views.workbench_template, name="workbench_template"),
    path("workbench/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("workbench/batches/<int:pk>/commit/", views.batch_commit, name="batch_commit"),
    path("dossiers/", views.dossiers, name="dossiers"),
    path("dossiers/<int:pk>/pdf/", views.dossier_pdf, name="dossier_pdf"),
    path("dossiers/<int:pk>/xlsx/", views.dossier_xlsx, name="dossier_xlsx"),
    path("staff/rules/", views.staff_rules, name="staff_rules"),
    path("staff/positive-list/", views.positive_list, name="positive_list"),
    path("staff/positive-list/imports/<int:pk>/", views.positive_list_import, name="positive_list_import"),
]
