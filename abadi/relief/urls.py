from django.urls import path

from abadi.relief import views

app_name = "relief"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/handout/", views.handout, name="handout"),
    path("<int:pk>/lists/new/", views.list_create, name="list_create"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("shipments/", views.shipment_list, name="shipment_list"),
    path("shipments/new/", views.shipment_create, name="shipment_create"),
    path("shipments/<int:pk>/", views.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/waybill/", views.shipment_waybill, name="shipment_waybill"),
    path("shipments/<int:pk>/do/<str:action>/", views.shipment_action, name="shipment_action"),
    path("warehouses/", views.warehouse_list, name="warehouse_list"),
    path("warehouses/new/", views.warehouse_create, name="warehouse_create"),
    path("warehouses/<int:pk>/", views.warehouse_detail, name="warehouse_detail"),
    path("warehouses/<int:pk>/<str:kind>/", views.stock_move, name="stock_move"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/items/new/", views.item_create, name="item_create"),
    path("catalogue/kits/new/", views.kit_create, name="kit_create"),
    path("packages/", views.package_list, name="package_list"),
]
