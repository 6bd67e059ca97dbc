from django.urls import path

from shanglian.events import (
    views_checkin,
    views_expo,
    views_export,
    views_manage,
    views_meetings,
    views_meetings_manage,
    views_public,
)

app_name = "events"
urlpatterns = [
    path("", views_public.event_list, name="list"),
    path("mine/", views_public.my_events, name="mine"),
    path("tickets/<int:pk>/", views_public.ticket, name="ticket"),
    path("tickets/<int:pk>/qr.png", views_public.ticket_qr, name="ticket_qr"),
    path("tickets/<int:pk>/event.ics", views_public.ticket_ics, name="ticket_ics"),
    path("tickets/<int:pk>/cancel/", views_public.ticket_cancel, name="ticket_cancel"),
    path("manage/", views_manage.manage_list, name="manage"),
    path("manage/new/", views_manage.event_edit, name="create"),
    path("<slug:slug>/", views_public.event_detail, name="detail"),
    path("<slug:slug>/register/", views_public.register, name="register"),
    path("<slug:slug>/edit/", views_manage.event_edit, name="edit"),
    path("<slug:slug>/setup/", views_manage.event_setup, name="setup"),
    path("<slug:slug>/setup/sessions/<int:pk>/delete/", views_manage.session_delete, name="session_delete"),
    path("<slug:slug>/registrations/", views_manage.registrations, name="registrations"),
    path("<slug:slug>/registrations/<int:pk>/<str:action>/", views_manage.registration_action,
         name="registration_action"),
    path("<slug:slug>/counts/", views_manage.counts, name="counts"),
    path("<slug:slug>/checkin/", views_checkin.checkin_page, name="checkin"),
    path("<slug:slug>/checkin/scan/", views_checkin.checkin_scan, name="checkin_scan"),
    path("<slug:slug>/checkin/sync/", views_checkin.checkin_sync, name="checkin_sync"),
    # B2B meetings
    path("<slug:slug>/meetings/", views_meetings.meetings_home, name="meetings"),
    path("<slug:slug>/meetings/availability/", views_meetings.availability, name="availability"),
    path("<slug:slug>/meetings/participants/", views_meetings.participants, name="participants"),
    path("<slug:slug>/meetings/request/<int:pk>/", views_meetings.request_meeting, name="request_meeting"),
    path("<slug:slug>/meetings/requests/<int:pk>/<str:answer>/", views_meetings.respond, name="respond"),
    path("<slug:slug>/meetings/schedule.ics", views_meetings.schedule_ics, name="schedule_ics"),
    path("<slug:slug>/meetings/manage/", views_meetings_manage.manage, name="meetings_manage"),
    path("<slug:slug>/meetings/manage/slots/", views_meetings_manage.slots, name="meeting_slots"),
    path("<slug:slug>/meetings/manage/run/", views_meetings_manage.run, name="meetings_run"),
    path("<slug:slug>/meetings/manage/move/<int:pk>/", views_meetings_manage.move, name="meeting_move"),
    path("<slug:slug>/meetings/manage/cancel/<int:pk>/", views_meetings_manage.cancel, name="meeting_cancel"),
    path("<slug:slug>/meetings/manage/publish/", views_meetings_manage.publish, name="meetings_publish"),
    # Expo
    path("<slug:slug>/exhibitors/", views_expo.exhibitors, name="exhibitors"),
    path("<slug:slug>/exhibitors/<int:pk>/", views_expo.exhibitor, name="exhibitor"),
    path("<slug:slug>/exhibitors/<int:pk>/bookmark/", views_expo.bookmark, name="bookmark"),
    # Exports
    path("<slug:slug>/export/<str:what>.xlsx", views_export.xlsx, name="export_xlsx"),
    path("<slug:slug>/print/<str:what>/", views_export.printable, name="print"),
    path("<slug:slug>/badges.pdf", views_export.badges, name="badges"),
]
