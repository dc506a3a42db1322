from django.urls import path

from front.deals import views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("new", views.deal_create, name="create"),
    path("products", views.product_list, name="products"),
    path("products/<int:product_id>", views.product_detail, name="product"),
    path("<int:deal_id>", views.deal_detail, name="detail"),
    path("<int:deal_id>/edit", views.deal_edit, name="edit"),
    path("<int:deal_id>/delete", views.deal_delete, name="delete"),
    path("<int:deal_id>/vote", views.deal_vote, name="vote"),
    path("<int:deal_id>/expire", views.deal_expire, name="expire"),
    path("<int:deal_id>/save", views.deal_save, name="save"),
    path("<int:deal_id>/report", views.deal_report, name="report"),
]
