from django.urls import path

from abadi.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("benefits/", views.benefit_list, name="benefit_list"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("merge/", views.person_merge, name="person_merge"),
]
