"""Issue 9 item 7 in the admin: the organization rename and the catalogue store the normal form."""

import unicodedata

from authz.models import Service

NFD_CAFE = unicodedata.normalize("NFD", "Kafé Ås")
NFC_CAFE = "Kafé Ås"


def test_admin_rename_and_catalogue_edit_store_the_normal_form(operator_client, demo_org):
    response = operator_client.post(f"/admin/authz/organization/{demo_org.pk}/change/", {"name": " Demo  kommune "})
    assert response.status_code == 302
    demo_org.refresh_from_db()
    assert demo_org.name == "Demo  kommune"
    service = Service.objects.get(code="SVARUT")
    response = operator_client.post(f"/admin/authz/service/{service.pk}/change/",
                                    {"name": f" {NFD_CAFE} ", "description": " Sender post \r\n"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.description) == (NFC_CAFE, "Sender post")
