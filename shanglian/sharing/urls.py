from django.urls import path

from shanglian.sharing.views import pages, staff

app_name = "sharing"
urlpatterns = [
    path("", pages.home, name="home"),
    path("listings/<int:pk>/", pages.listing, name="listing"),
    path("listings/<int:pk>/calendar.ics", pages.listing_ics, name="listing_ics"),
    path("feed/<str:token>.ics", pages.feed, name="feed"),
    path("needs/<int:pk>/", pages.need, name="need"),
    path("mine/", pages.mine, name="mine"),
    path("listings/new/", pages.new, name="new"),
    path("listings/<int:pk>/edit/", pages.edit, name="edit"),
    path("listings/<int:pk>/submit/", pages.submit, name="submit"),
    path("listings/<int:pk>/withdraw/", pages.withdraw, name="withdraw"),
    path("listings/<int:pk>/calendar/", pages.blocks, name="blocks"),
    path("listings/<int:pk>/book/", pages.book, name="book"),
    path("bookings/<int:pk>/", pages.booking, name="booking"),
    path("bookings/<int:pk>/counter/", pages.booking_counter, name="booking_counter"),
    path("bookings/<int:pk>/settle/", pages.booking_settle, name="booking_settle"),
    path("bookings/<int:pk>/review/", pages.booking_review, name="booking_review"),
    path("bookings/<int:pk>/dispute/", pages.booking_dispute, name="booking_dispute"),
    path("bookings/<int:pk>/<str:kind>.pdf", pages.booking_pdf, name="booking_pdf"),
    path("bookings/<int:pk>/files/<int:message_id>/", pages.attachment, name="attachment"),
    path("bookings/<int:pk>/<str:name>/", pages.booking_action, name="booking_action"),
    path("secretariat/review/", staff.review_queue, name="review_queue"),
    path("secretariat/review/<int:pk>/<str:decision>/", staff.review_decision, name="review_decision"),
    path("secretariat/usage/", staff.usage, name="usage"),
    path("secretariat/disputes/", staff.disputes, name="disputes"),
    path("secretariat/disputes/<int:pk>/resolve/", staff.dispute_resolve, name="dispute_resolve"),
]
