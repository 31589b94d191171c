"""Presenting a map, and its full report."""

from django.urls import path

from reports import views

urlpatterns = [
    path("maps/<int:map_id>/present/", views.present, name="present"),
    path("maps/<int:map_id>/report/", views.report, name="report"),
    path("maps/<int:map_id>/report.pdf", views.report_pdf, name="report-pdf"),
    path("maps/<int:map_id>/reports/<int:report_id>/", views.report_file, name="report-file"),
    path("maps/<int:map_id>/reports/<int:report_id>/status", views.report_status, name="report-status"),
]
