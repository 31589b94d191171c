from django.urls import path

from maps import views

app_name = "maps"
urlpatterns = [
    path("", views.map_list, name="list"),
    path("maps/new/", views.map_new, name="new"),
    path("maps/<int:map_id>/", views.map_detail, name="detail"),
]
