from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/language/", views.account_language, name="account-language"),
    path("account/grid-view/", views.grid_view, name="grid-view"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("account/log-out-everywhere/", views.log_out_everywhere, name="log-out-everywhere"),
]
