from django.urls import path

from shanglian.matching import views, views_staff

app_name = "matching"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="new"),
    path("mine/", views.mine, name="mine"),
    path("introductions/", views.inbox, name="inbox"),
    path("introductions/<int:pk>/meeting/event/", views.introduction_meeting, name="introduction_meeting"),
    path("introductions/<int:pk>/<slug:name>/", views.introduction_action, name="introduction_action"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("<int:pk>/curate/", views_staff.curate, name="curate"),
    path("matches/<int:pk>/interest/", views.interest, name="interest"),
    path("matches/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("review/", views_staff.review_queue, name="review"),
    path("review/<int:pk>/<slug:decision>/", views_staff.review, name="review_decision"),
    path("dashboard/", views_staff.dashboard, name="dashboard"),
]
