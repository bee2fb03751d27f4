"""The history panel and the audit log as a person reads them (abadi.core.history)."""

import pytest

from abadi.core.audit import audit_record
from abadi.core.history import readable
from abadi.core.models import AuditEvent
from abadi.core.selectors import actions_matching, audit_log
from abadi.organisations.models import Organisation


@pytest.fixture
def bank(areas):
    return Organisation.objects.create(
        name="بانک ملی", kind="agent_bank", area=areas["2401"], search_key="x"
    )


def _row(event):
    (row,) = readable(AuditEvent.objects.filter(pk=event.pk).select_related("content_type"))
    return row


def test_fields_by_verbose_name_and_values_formatted(bank, manager, areas):
    event = audit_record(
        actor=manager,
        action="organisation.update",
        obj=bank,
        old={"kind": "executive_agency", "area_id": areas["2403"].pk},
        new={"kind": "agent_bank", "area_id": areas["2401"].pk, "name": "بانک ملی 2"},
    )
    row = _row(event)
    assert row.label == "ویرایش دستگاه"
    changes = {str(change.label): change for change in row.changes}
    assert set(changes) == {"نوع", "منطقه", "نام"}
    # A choice by its label, a foreign key by the linked record's name, Persian digits.
    assert changes["نوع"].old == "دستگاه اجرایی" and changes["نوع"].new == "بانک عامل"
    assert changes["منطقه"].old == "خلخال" and changes["منطقه"].new == "اردبیل"
    assert changes["نام"].new == "بانک ملی ۲" and not changes["نام"].had_old


def test_amounts_dates_and_steps(bank, manager, areas):
    from abadi.loans.models import Application

    event = audit_record(
        actor=manager,
        action="loan.approve",
        obj=bank,
        new={"approved_amount": 1250000000, "approved_on": "2022-05-08", "status": "approved"},
    )
    # The event's subject decides the model: here read as the loan it describes.
    row = readable([_as(event, Application)])[0]
    changes = {str(change.label): change.new for change in row.changes}
    assert changes["مبلغ مصوب (ریال)"] == "۱٬۲۵۰٬۰۰۰٬۰۰۰ ریال"
    assert changes["تاریخ جلسه کمیته"] == "۱۴۰۱/۰۲/۱۸"
    assert changes["وضعیت"] == "مصوب کمیته"


def _as(event, model):
    from django.contrib.contenttypes.models import ContentType

    event.content_type = ContentType.objects.get_for_model(model)
    event.content_type_id = event.content_type.pk
    return event


def test_foreign_keys_resolved_in_one_query_per_model(
    bank, manager, areas, django_assert_num_queries
):
    events = [
        audit_record(
            actor=manager,
            action="organisation.update",
            obj=bank,
            new={"area_id": areas[code].pk},
        )
        for code in ("2401", "2403", "24", "2401")
    ]
    fetched = list(
        AuditEvent.objects.filter(pk__in=[e.pk for e in events]).select_related("content_type")
    )
    with django_assert_num_queries(1):  # the areas, once
        rows = readable(fetched)
    assert {row.changes[0].new for row in rows} == {"اردبیل", "خلخال"}


def test_audit_log_is_searched_by_the_persian_label(bank, manager):
    audit_record(actor=manager, action="organisation.create", obj=bank, new={"name": "x"})
    audit_record(actor=manager, action="branch.create", obj=bank, new={"name": "y"})
    assert "organisation.create" in actions_matching("ثبت دستگاه")
    assert "branch.create" not in actions_matching("ثبت دستگاه")
    # Arabic letters and a code prefix find the same actions.
    assert "organisation.create" in actions_matching("ثبت دستگاه".replace("ی", "ي"))
    assert set(actions_matching("branch.")) >= {"branch.create", "branch.update"}
    found = audit_log(actor=manager, action="شعبه")
    assert [event.action for event in found] == ["branch.create"]
    assert list(audit_log(actor=manager, action="چیزی که نیست")) == []


def test_the_log_page_shows_labels_and_persian_field_counts(client, bank, manager):
    new = {
        "name": "x",
        "kind": "executive_agency",
        "phone": "1",
        "active": True,
        "area_id": bank.area_id,
    }
    audit_record(actor=manager, action="organisation.create", obj=bank, new=new)
    client.force_login(manager)
    page = client.get("/audit/", {"action": "دستگاه"}).content.decode()
    assert "ثبت دستگاه" in page
    assert "organisation.create" not in page
    assert "فیلد" in page and "۵ فیلد" in page


def test_a_declared_plain_value_reads_in_persian_and_a_file_name_as_one_ltr_run(
    bank, manager, monkeypatch
):
    """A payload declared without a field (a count, a file's name) gets its label; a count
    its Persian digits grouped; a Persian file name with its Latin extension one LTR run,
    so the extension never stands alone as an English word in Persian text."""
    from abadi.core import audit

    monkeypatch.setattr(audit, "_PAYLOADS", dict(audit._PAYLOADS))  # this test's alone
    audit.register_payload("organisation.update", "sample_photo", label="عکس")
    audit.register_payload("organisation.update", "sample_count", label="شمار")
    event = audit_record(
        actor=manager,
        action="organisation.update",
        obj=bank,
        new={"sample_photo": "نمونه 2403.png", "sample_count": 12500},
    )
    changes = {str(change.label): change for change in _row(event).changes}
    assert changes["عکس"].new == '<bdi dir="ltr">نمونه ۲۴۰۳.png</bdi>'
    assert changes["شمار"].new == "۱۲٬۵۰۰"
