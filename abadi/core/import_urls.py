from django.urls import path

from abadi.core import import_views as views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("batch/<int:pk>/", views.batch_detail, name="batch"),
    path("batch/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batch/<int:pk>/commit/", views.batch_commit, name="batch_commit"),
    path("batch/<int:pk>/errors.<str:fmt>", views.batch_errors, name="batch_errors"),
    path("<str:kind>/", views.upload, name="upload"),
    path("<str:kind>/template.xlsx", views.template_download, name="template"),
]
