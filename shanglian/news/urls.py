from django.urls import path

from shanglian.news import views
from shanglian.news.views import feeds

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/rss/", feeds.LatestNewsRss(), name="feed_rss"),
    path("feed/atom/", feeds.LatestNewsAtom(), name="feed_atom"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.article_create, name="create"),
    path("manage/digest/", views.digest, name="digest"),
    path("manage/<int:pk>/", views.article_edit, name="edit"),
    path("manage/<int:pk>/publish/", views.article_publish, name="publish"),
    path("manage/<int:pk>/delete/", views.article_delete, name="delete"),
    path("manage/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("manage/<int:pk>/photos/<int:photo_id>/delete/", views.photo_delete, name="photo_delete"),
    path("manage/<int:pk>/files/", views.attachment_add, name="attachment_add"),
    path("manage/<int:pk>/files/<int:attachment_id>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
