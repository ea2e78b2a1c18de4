from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/data.json", views.data_download, {"fmt": "json"}, name="data_json"),
    path("account/data.csv", views.data_download, {"fmt": "csv"}, name="data_csv"),
    path("account/delete/", views.account_delete_confirm, name="account_delete"),
    path("account/deleted/", views.account_deleted, name="account_deleted"),
]
