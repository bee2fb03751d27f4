from django.urls import path

from abadi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("language/", views.set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/history/<str:label>/<str:pk>/", views.record_history, name="history"),
    path("files/<str:label>/<str:pk>/<str:field>/", views.record_file, name="file"),
]
