from django.urls import path

from shanglian.crossborder.views import desk, store

app_name = "crossborder"
urlpatterns = [
    path("", store.store_home, name="home"),
    path("products/<int:pk>/", store.product_detail, name="product"),
    path("sellers/<int:pk>/", store.seller_page, name="seller"),
    path("cart/", store.cart, name="cart"),
    path("profile/", store.profile, name="profile"),
    path("profile/addresses/", store.address_add, name="address_add"),
    path("profile/addresses/<int:pk>/delete/", store.address_delete, name="address_delete"),
    path("checkout/", store.checkout, name="checkout"),
    path("my/orders/", store.my_orders, name="my_orders"),
    path("my/orders/<int:pk>/", store.my_order, name="my_order"),
    path("sell/", desk.seller_apply, name="seller_apply"),
    path("sellers/<int:pk>/desk/", desk.desk, name="desk"),
    path("sellers/<int:pk>/products/new/", desk.product_new, name="product_new"),
    path("products/<int:pk>/edit/", desk.product_edit, name="product_edit"),
    path("products/<int:pk>/stock/", desk.stock, name="stock"),
    path("desk/orders/<int:pk>/", desk.order_desk, name="order_desk"),
    path("review/", desk.review, name="review"),
    path("dashboard/", desk.dashboard, name="dashboard"),
    path("notify/<slug:provider>/", desk.notify, name="notify"),
]
