"""The project's addresses. Every capability adds its pages to the `maps` namespace,
so that a page's name stays the same whichever app serves it; the grid's items keep
their `touchpoints` names. The health checks, /healthz and /readyz, are answered before
the URLs are looked at (journeymap.lib.health.HealthCheckMiddleware)."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts import urls as accounts_urls
from api import urls as api_urls
from charts import urls as charts_urls
from customer_data import urls as customer_data_urls
from interchange import urls as interchange_urls
from maps import item_urls
from maps import urls as maps_urls
from reports import urls as reports_urls
from review import urls as review_urls

map_pages = [
    *maps_urls.urlpatterns,
    *charts_urls.urlpatterns,
    *interchange_urls.urlpatterns,
    *customer_data_urls.urlpatterns,
    *review_urls.urlpatterns,
    *reports_urls.urlpatterns,
]

urlpatterns = [
    path("", include(accounts_urls)),
    path("admin/", admin.site.urls),
    path("", include((map_pages, "maps"))),
    path("", include((item_urls.urlpatterns, "touchpoints"))),
    path("", include((api_urls.urlpatterns, "api"))),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
