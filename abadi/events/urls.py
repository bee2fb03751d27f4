from django.urls import path

from abadi.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/do/<str:action>/", views.event_action, name="event_action"),
    path("<int:pk>/files/", views.event_file_add, name="event_file_add"),
    path("<int:pk>/links/", views.event_link_add, name="event_link_add"),
    path("<int:pk>/exhibitors/", views.exhibitor_add, name="exhibitor_add"),
    path("exhibitors/", views.exhibitor_list, name="exhibitor_list"),
    path("exhibitors/<int:pk>/", views.exhibitor_edit, name="exhibitor_edit"),
    path("occasions/", views.occasion_list, name="occasion_list"),
    path("occasions/new/", views.occasion_create, name="occasion_create"),
    path("occasions/<int:pk>/", views.occasion_detail, name="occasion_detail"),
    path("occasions/<int:pk>/edit/", views.occasion_edit, name="occasion_edit"),
]
