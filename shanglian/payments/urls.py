from django.urls import path

from shanglian.payments import views

app_name = "payments"
urlpatterns = [
    path("pay/<slug:purpose>/<str:object_id>/", views.pay, name="pay"),
    path("transfers/", views.transfers, name="transfers"),
    path("notify/wechat/", views.notify_wechat, name="notify_wechat"),
    path("notify/alipay/", views.notify_alipay, name="notify_alipay"),
    path("p/<slug:reference>/", views.detail, name="detail"),
    path("p/<slug:reference>/simulate/", views.simulate, name="simulate"),
    path("p/<slug:reference>/confirm/", views.confirm, name="confirm"),
]
