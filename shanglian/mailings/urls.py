from django.urls import path

from shanglian.mailings import views

app_name = "mailings"
urlpatterns = [
    path("", views.mailing_list, name="list"),
    path("new/", views.mailing_create, name="create"),
    path("<int:pk>/", views.mailing_detail, name="detail"),
    path("<int:pk>/edit/", views.mailing_edit, name="edit"),
    path("<int:pk>/progress/", views.mailing_progress, name="progress"),
    path("<int:pk>/schedule/", views.mailing_schedule, name="schedule"),
    path("<int:pk>/cancel/", views.mailing_cancel, name="cancel"),
    path("bounces/", views.bounces, name="bounces"),
    path("preferences/", views.my_preferences, name="my_preferences"),
    path("p/<str:token>/", views.preferences, name="preferences"),
    path("u/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("o/<str:token>/", views.track_open, name="open"),
    path("c/<str:token>/", views.track_click, name="click"),
]
