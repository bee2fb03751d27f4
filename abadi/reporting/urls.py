from django.urls import path

from abadi.reporting import dashboard_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.indicators, name="indicators"),
    path("records/<str:key>/", views.indicator_records, name="indicator_records"),
    path("targets/", views.targets, name="targets"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
]
