from django.urls import path

from shanglian.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_new, name="new"),
    path("register/", views.submission_register, name="register"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/manage/", views.consultation_manage, name="manage"),
    path("<int:pk>/status/", views.consultation_status, name="status"),
    path("<int:pk>/synthesis/", views.consultation_synthesis, name="synthesis"),
    path("<int:pk>/submission/", views.submission_new, name="submission_new"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/<str:fmt>/", views.submission_export, name="submission_export"),
]
