from django.urls import path

from abadi.geography import views

app_name = "geography"
urlpatterns = [
    path("", views.browser, name="browser"),
    path("search/", views.search, name="search"),
    path("hint/", views.area_hint, name="area_hint"),
    path("<str:code>/", views.browser, name="browser"),
    path("<str:code>/map.json", views.area_map, name="map"),
    path("<str:code>/add/", views.area_add, name="add"),
    path("<str:code>/move/", views.area_move, name="move"),
]
