from django.urls import path

from abadi.reporting import dashboard_views, press_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.indicators, name="indicators"),
    path("records/<str:key>/", views.indicator_records, name="indicator_records"),
    path("targets/", views.targets, name="targets"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("press/", press_views.press, name="press"),
    path("export/", press_views.indicators_export, name="indicators_export"),
    path("county/", press_views.county_report, name="county_report"),
]
