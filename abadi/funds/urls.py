from django.urls import path

from abadi.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.donation_list, name="donation_list"),
    path("donors/", views.donor_list, name="donor_list"),
    path("donors/new/", views.donor_create, name="donor_create"),
    path("donors/<int:pk>/", views.donor_detail, name="donor_detail"),
    path("donors/<int:pk>/edit/", views.donor_edit, name="donor_edit"),
    path("donors/<int:pk>/statement.pdf", views.donor_statement, name="donor_statement"),
    path("donors/<int:pk>/give/", views.donation_create, name="donation_create"),
    path("donors/<int:pk>/pledge/", views.pledge_create, name="pledge_create"),
    path("donations/<int:pk>/", views.donation_detail, name="donation_detail"),
    path("donations/<int:pk>/receipt.pdf", views.donation_receipt_pdf, name="receipt_pdf"),
    path("donations/<int:pk>/receipt/", views.donation_issue_receipt, name="donation_receipt"),
    path("donations/<int:pk>/allocate/", views.donation_allocate, name="donation_allocate"),
    path("donations/<int:pk>/reverse/", views.donation_reverse, name="donation_reverse"),
    path("allocations/", views.allocation_list, name="allocation_list"),
    path("allocations/<int:pk>/reverse/", views.allocation_reverse, name="allocation_reverse"),
    path("uses/statement.pdf", views.use_statement, name="use_statement"),
    path("pledges/", views.pledge_list, name="pledge_list"),
    path("pledges/<int:pk>/cancel/", views.pledge_cancel, name="pledge_cancel"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/do/<str:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/statement.pdf", views.case_statement, name="case_statement"),
]
