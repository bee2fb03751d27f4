from django.urls import path

from abadi.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("map/", views.project_map, name="project_map"),
    path("new/", views.project_create, name="project_create"),
    path("place-hint/", views.place_hint, name="place_hint"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("plan/", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/report/", views.report_create, name="report_create"),
    path("<int:pk>/do/<str:action>/", views.project_action, name="project_action"),
    path(
        "<int:pk>/beneficiaries/<int:household>/remove/",
        views.beneficiary_remove,
        name="beneficiary_remove",
    ),
]
