from django.urls import path

from front.deals import views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("share", views.deal_create, name="create"),
    path("products", views.product_list, name="products"),
    path("products/<int:product_id>", views.product_detail, name="product"),
    path("<int:deal_id>", views.deal_detail, name="detail"),
]
