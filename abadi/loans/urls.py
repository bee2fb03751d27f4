from django.urls import path

from abadi.loans import views

app_name = "loans"
urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("new/", views.application_create, name="application_create"),
    path("new/branches/", views.branch_options, name="branch_options"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/do/<str:action>/", views.application_action, name="application_action"),
    path("<int:pk>/letter.pdf", views.introduction_letter, name="introduction_letter"),
    path("lines/", views.credit_line_list, name="credit_line_list"),
    path("lines/new/", views.credit_line_create, name="credit_line_create"),
    path("lines/<int:pk>/", views.credit_line_detail, name="credit_line_detail"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/due/", views.visits_due, name="visits_due"),
    path("par/", views.portfolio_at_risk, name="par"),
]
