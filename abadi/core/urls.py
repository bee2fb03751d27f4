from django.urls import path

from abadi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("language/", views.set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path(
        "audit/history/<int:content_type_id>/<str:object_id>/", views.record_history, name="history"
    ),
]
