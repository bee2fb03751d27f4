from django.urls import path

from abadi.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_create, name="group_create"),
    path("map/", views.group_map, name="group_map"),
    path("permits/", views.permit_list, name="permit_list"),
    path("members/", views.member_list, name="member_list"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/do/<str:action>/", views.group_action, name="group_action"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/leader/", views.leader_set, name="leader_set"),
    path("<int:pk>/villages/add/", views.village_add, name="village_add"),
    path("<int:pk>/leaderships/add/", views.leadership_add, name="leadership_add"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("villages/<int:pk>/drop/", views.village_drop, name="village_drop"),
    path("leaderships/<int:pk>/end/", views.leadership_end, name="leadership_end"),
    path("deployments/", views.deployment_list, name="deployment_list"),
    path("deployments/new/", views.deployment_create, name="deployment_create"),
    path("deployments/<int:pk>/", views.deployment_detail, name="deployment_detail"),
    path("deployments/<int:pk>/edit/", views.deployment_edit, name="deployment_edit"),
]
