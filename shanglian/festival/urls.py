from django.urls import path

from shanglian.festival import views, views_merchant, views_organiser

app_name = "festival"
urlpatterns = [
    path("", views.home, name="home"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("phone/", views.phone_verify, name="phone"),
    path("phone/forget/", views.phone_forget, name="phone_forget"),
    path("campaigns/<int:pk>/claim/", views.claim, name="claim"),
    path("my/", views.my_coupons, name="my_coupons"),
    path("c/<str:code>/", views.coupon_page, name="coupon"),
    path("merchant/", views_merchant.merchant_home, name="merchant_home"),
    path("merchant/apply/", views_merchant.merchant_apply, name="merchant_apply"),
    path("merchant/<int:pk>/", views_merchant.merchant_detail, name="merchant"),
    path("merchant/<int:pk>/offers/new/", views_merchant.offer_new, name="offer_new"),
    path("merchant/offers/<int:pk>/edit/", views_merchant.offer_edit, name="offer_edit"),
    path("merchant/offers/<int:pk>/publish/", views_merchant.offer_publish, name="offer_publish"),
    path("merchant/<int:pk>/shops/new/", views_merchant.shop_new, name="shop_new"),
    path("merchant/<int:pk>/staff/new/", views_merchant.staff_new, name="staff_new"),
    path("redeem/", views_merchant.redeem, name="redeem"),
    path("organiser/", views_organiser.organiser, name="organiser"),
    path("organiser/setup/", views_organiser.setup, name="setup"),
    path("organiser/applications/", views_organiser.applications, name="applications"),
    path("organiser/applications/<int:pk>/review/", views_organiser.review, name="review"),
    path("organiser/offers/<int:pk>/feature/", views_organiser.feature, name="feature"),
    path("organiser/offers/<int:pk>/campaigns/new/", views_organiser.campaign_new, name="campaign_new"),
]
