from django.urls import path

from abadi.training import views

app_name = "training"
urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("new/", views.course_create, name="course_create"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("<int:pk>/enrol/", views.course_enrol, name="course_enrol"),
    path("enrolments/", views.enrolment_list, name="enrolment_list"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/do/<str:action>/", views.enrolment_action, name="enrolment_action"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("licences/", views.licence_list, name="licence_list"),
    path("licences/new/", views.licence_create, name="licence_create"),
    path("licences/<int:pk>/", views.licence_detail, name="licence_detail"),
    path("licences/<int:pk>/edit/", views.licence_edit, name="licence_edit"),
]
