"""The person list exports what it shows: its filters and the viewer's scope."""

import csv
import io

import openpyxl

from abadi.people.tests.conftest import make_person


def test_county_officer_exports_only_their_county(
    client, county_officer, village_2403, village_2401
):
    make_person(village_2403, first_name="زهرا", last_name="کریمی")
    make_person(village_2401, first_name="علی", last_name="رضایی")
    client.force_login(county_officer)
    response = client.get("/people/?format=csv")
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(text)))
    body = "\n".join(",".join(row) for row in rows[1:])
    assert "کریمی" in body
    assert "رضایی" not in body


def test_export_applies_the_search(client, manager, village_2403, village_2401):
    make_person(village_2403, first_name="زهرا", last_name="کریمی")
    make_person(village_2401, first_name="علی", last_name="رضایی")
    client.force_login(manager)
    response = client.get("/people/?q=رضايي&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.sheet_view.rightToLeft
    values = [
        " ".join(str(cell) for cell in row if cell)
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert len(values) == 1 and "رضایی" in values[0]
