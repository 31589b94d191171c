"""The map's data in and out: JSON, CSV and Excel exports and imports."""

from django.urls import path

from interchange import views

urlpatterns = [
    path("maps/<int:map_id>/export.json", views.export_json, name="export-json"),
    path("maps/<int:map_id>/export.csv", views.export_csv, name="export-csv"),
    path("maps/<int:map_id>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("maps/<int:map_id>/import/", views.import_page, name="import"),
    path("maps/<int:map_id>/import/template.<str:format>", views.spreadsheet_template, name="spreadsheet-template"),
    path("maps/<int:map_id>/import/spreadsheet/", views.import_spreadsheet, name="import-spreadsheet"),
    path(
        "maps/<int:map_id>/import/spreadsheet/<int:upload_id>/",
        views.import_spreadsheet_review,
        name="import-spreadsheet-review",
    ),
    path("maps/<int:map_id>/import/json/", views.replace_json, name="replace-json"),
    path("maps/<int:map_id>/import/json/<int:upload_id>/", views.replace_json_review, name="replace-json-review"),
    path("maps/import/json/", views.import_json, name="import-json"),
    path("maps/import/json/<int:upload_id>/", views.import_json_review, name="import-json-review"),
    path("schema/journey-map.schema.json", views.schema, name="schema"),
]
