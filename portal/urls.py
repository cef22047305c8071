"""URL routes of the portal app (mounted at the site root)."""

from django.urls import path

from . import audit_views, delegation_views, people_views, views, views_global, views_lifecycle, views_pages

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/<str:orgnr>/", views.organization, name="organization"),
    path("org/<str:orgnr>/integrations/new/", views.integration_new, name="integration_new"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/", views.integration_detail, name="integration"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/edit/", views.integration_edit, name="integration_edit"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/delete/", views.integration_delete_view,
         name="integration_delete"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/password/", views.integration_password,
         name="integration_password"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/password/new/", views.integration_password_confirm,
         name="integration_password_confirm"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/password/shown/", views.integration_password_shown,
         name="integration_password_shown"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/password/end-previous/",
         views_lifecycle.integration_password_end_previous_view, name="integration_password_end_previous"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/deactivate/", views_lifecycle.integration_deactivate_view,
         name="integration_deactivate"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/reactivate/", views_lifecycle.integration_reactivate_view,
         name="integration_reactivate"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/grants/", views.grant_add, name="grant_add"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/grants/confirm/", views.grant_confirm, name="grant_confirm"),
    path("org/<str:orgnr>/integrations/<uuid:pk>/grants/<int:grant_id>/revoke/", views.grant_remove,
         name="grant_remove"),
    path("org/<str:orgnr>/global/", views_global.global_list, name="global_list"),
    path("org/<str:orgnr>/global/<uuid:pk>/activate/", views_global.global_activate, name="global_activate"),
    path("org/<str:orgnr>/global/<uuid:pk>/deactivate/", views_global.global_deactivate, name="global_deactivate"),
    path("tilgjengelighet/", views_pages.accessibility_statement, name="accessibility"),
    path("personvern/", views_pages.privacy_statement, name="privacy"),
    path("org/<str:orgnr>/people/", people_views.people, name="people"),
    path("org/<str:orgnr>/people/new/", people_views.person_add, name="person_add"),
    path("org/<str:orgnr>/people/<int:grant_id>/remove/", people_views.person_remove, name="person_remove"),
    path("org/<str:orgnr>/delegations/", delegation_views.delegation_list, name="delegation_list"),
    path("org/<str:orgnr>/delegations/new/", delegation_views.delegation_new, name="delegation_new"),
    path("org/<str:orgnr>/delegations/<int:pk>/revoke/", delegation_views.delegation_revoke_view,
         name="delegation_revoke"),
    path("org/<str:orgnr>/audit/", audit_views.audit_log, name="audit_log"),
    path("org/<str:orgnr>/audit/export.csv", audit_views.audit_export, name="audit_export"),
]
