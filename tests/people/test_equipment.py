"""Software and hardware items, their CRUD and their links to departments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from people.models import HardwareItem, Software, SoftwareDepartmentLink
from tests.factories import DepartmentFactory

MISSING = "00000000-0000-0000-0000-000000000000"
FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_FOUND = {"error": True, "message": NOT_FOUND_MESSAGE}
WRONG_UUID = {"error": True, "message": "Wrong UUID format.", "data": None}


def software(name="Blender", **fields):
    return Software.objects.create(name=name, short_name=name[:3], file_extension=".x", **fields)


def hardware(name="Tablet"):
    return HardwareItem.objects.create(name=name, short_name=name[:3])


def validation(field, message):
    return {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": field, "message": message}]},
    }


class TestCrud:
    def test_create_software(self, admin_client):
        response = admin_client.post(
            "/data/softwares",
            {"name": "Blender", "short_name": "bl", "file_extension": ".blend"},
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        created = Software.objects.get()
        assert body == {
            "name": "Blender",
            "short_name": "bl",
            "archived": False,
            "version": None,
            "file_extension": ".blend",
            "secondary_extensions": None,
            "monthly_cost": 0,
            "inventory_amount": 0,
            "id": str(created.id),
            "created_at": body["created_at"],
            "updated_at": body["updated_at"],
            "type": "Software",
        }
        again = admin_client.post(
            "/data/softwares",
            {"name": "Blender", "short_name": "bl", "file_extension": ".blend"},
            format="json",
        )
        assert again.status_code == 400
        assert again.json()["message"] == "A record with the same unique values already exists."

    def test_create_hardware_item(self, admin_client):
        response = admin_client.post(
            "/data/hardware-items", {"name": "Tablet", "short_name": "tab"}, format="json"
        )
        assert response.status_code == 201
        item = HardwareItem.objects.get()
        assert response.json() == {
            "name": "Tablet",
            "short_name": "tab",
            "archived": False,
            "monthly_cost": 0,
            "inventory_amount": 0,
            "id": str(item.id),
            "created_at": response.json()["created_at"],
            "updated_at": response.json()["updated_at"],
            "type": "HardwareItem",
        }

    def test_roles(self, role_clients):
        item, program = hardware(), software()
        for role, (_, client) in role_clients.items():
            expected = 200 if role == "admin" else 403
            assert client.get("/data/softwares").status_code == 200
            assert client.get(f"/data/softwares/{program.id}").status_code == 200
            assert client.get("/data/hardware-items").status_code == expected
            assert client.get(f"/data/hardware-items/{item.id}").status_code == expected
            if role != "admin":
                body = {"name": "x"}
                assert client.post("/data/softwares", body, format="json").json() == FORBIDDEN
                assert client.delete(f"/data/softwares/{program.id}").status_code == 403
                assert client.put(f"/data/hardware-items/{item.id}", body).status_code == 403

    def test_update_and_delete(self, admin_client):
        program = software()
        response = admin_client.put(f"/data/softwares/{program.id}", {"version": "4.2"})
        assert response.status_code == 200
        assert response.json()["version"] == "4.2"
        assert admin_client.delete(f"/data/softwares/{program.id}").status_code == 204
        assert not Software.objects.exists()


class TestDepartmentLinks:
    def test_software_link_lifecycle(self, admin_client):
        department, program = DepartmentFactory(), software()
        url = f"/data/departments/{department.id}/software-licenses"
        for _ in range(2):  # linking twice answers the same link
            response = admin_client.post(url, {"software_id": str(program.id)}, format="json")
            assert response.status_code == 201
        link = SoftwareDepartmentLink.objects.get()
        body = response.json()
        assert body == {
            "department_id": str(department.id),
            "software_id": str(program.id),
            "id": str(link.id),
            "created_at": body["created_at"],
            "updated_at": body["updated_at"],
            "type": "SoftwareDepartmentLink",
        }
        response = admin_client.get(f"{url}/{program.id}")
        assert response.status_code == 200
        assert response.json()["id"] == str(program.id)
        assert response.json()["type"] == "Software"
        all_links = admin_client.get("/data/departments/software-licenses").json()
        assert list(all_links) == [str(department.id)]
        assert [row["name"] for row in all_links[str(department.id)]] == ["Blender"]
        for _ in range(2):
            assert admin_client.delete(f"{url}/{program.id}").status_code == 204
        assert admin_client.get(f"{url}/{program.id}").json() == NOT_FOUND
        assert admin_client.get("/data/departments/software-licenses").json() == {}

    def test_hardware_link_lifecycle(self, admin_client):
        department, item = DepartmentFactory(), hardware()
        url = f"/data/departments/{department.id}/hardware-items"
        response = admin_client.post(url, {"hardware_item_id": str(item.id)}, format="json")
        assert response.status_code == 201
        assert response.json()["hardware_item_id"] == str(item.id)
        assert response.json()["type"] == "HardwareItemDepartmentLink"
        assert admin_client.get(f"{url}/{item.id}").json()["name"] == "Tablet"
        listing = admin_client.get("/data/departments/hardware-items").json()
        assert [row["id"] for row in listing[str(department.id)]] == [str(item.id)]
        assert admin_client.delete(f"{url}/{item.id}").status_code == 204
        assert admin_client.get(f"{url}/{item.id}").status_code == 404

    def test_errors(self, admin_client):
        department, program = DepartmentFactory(), software()
        url = f"/data/departments/{department.id}/software-licenses"
        assert admin_client.post(url, {}, format="json").json() == validation(
            "software_id", "Field required"
        )
        assert admin_client.post(url, {"software_id": "xx"}, format="json").json() == validation(
            "software_id", "Input should be a valid UUID, invalid character: found `x` at 1"
        )
        assert admin_client.post(url, [1], format="json").json() == validation(
            "", "Input should be a valid dictionary or instance of AddSoftwareToDepartmentSchema"
        )
        response = admin_client.post(url, {"software_id": MISSING}, format="json")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
        response = admin_client.post(
            "/data/departments/xx/software-licenses", {"software_id": str(program.id)}
        )
        assert (response.status_code, response.json()) == (400, WRONG_UUID)
        response = admin_client.post(
            f"/data/departments/{MISSING}/software-licenses", {"software_id": str(program.id)}
        )
        assert response.status_code == 404
        assert admin_client.get(f"{url}/xx").json() == WRONG_UUID
        assert admin_client.delete(f"{url}/{MISSING}").status_code == 404
        hardware_url = f"/data/departments/{department.id}/hardware-items"
        assert admin_client.post(hardware_url, {}, format="json").json() == validation(
            "hardware_item_id", "Field required"
        )

    def test_admin_only(self, role_clients):
        department, program, item = DepartmentFactory(), software(), hardware()
        base = f"/data/departments/{department.id}"
        for role, (_, client) in role_clients.items():
            if role == "admin":
                continue
            calls = (
                client.get("/data/departments/software-licenses"),
                client.get("/data/departments/hardware-items"),
                client.post(f"{base}/software-licenses", {"software_id": str(program.id)}),
                client.post(f"{base}/hardware-items", {"hardware_item_id": str(item.id)}),
                client.get(f"{base}/software-licenses/{program.id}"),
                client.delete(f"{base}/software-licenses/{program.id}"),
                client.delete(f"{base}/hardware-items/{item.id}"),
            )
            assert [call.status_code for call in calls] == [403] * len(calls), role

    @pytest.mark.parametrize("route", ["software-licenses", "hardware-items"])
    def test_query_count(self, admin_client, route):
        counts = []
        for size in (1, 3):
            Software.objects.all().delete()
            HardwareItem.objects.all().delete()
            for index in range(size):
                department = DepartmentFactory()
                department.software.add(software(f"Program {index}"))
                department.hardware_items.add(hardware(f"Item {index}"))
            with CaptureQueriesContext(connection) as queries:
                body = admin_client.get(f"/data/departments/{route}").json()
            assert len(body) == size
            counts.append(len(queries))
        assert counts[0] == counts[1]
