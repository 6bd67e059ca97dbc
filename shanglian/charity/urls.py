from django.urls import path

from shanglian.charity import views

app_name = "charity"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("mine/", views.my_pledges, name="mine"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/pledge/", views.pledge_new, name="pledge"),
    path("<int:pk>/manage/", views.campaign_manage, name="manage"),
    path("<int:pk>/status/", views.campaign_status, name="status"),
    path("pledges/<int:pk>/receive/", views.pledge_receive, name="receive"),
    path("pledges/<int:pk>/cancel/", views.pledge_cancel, name="cancel"),
    path("pledges/<int:pk>/letter/", views.thank_you_letter, name="letter"),
]
