"""The guard rails' samples: every kind of record, in the county given, with the marker."""

import pytest

from abadi.people.models import Benefit
from abadi.projects import samples
from abadi.projects.models import (
    Beneficiary,
    Funding,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectPlace,
    ProjectPlan,
    StageChange,
)

pytestmark = pytest.mark.django_db


def test_samples_make_every_kind_in_the_county(areas, media):
    samples.build(county=areas["2401"], marker="MARK-A", count=2)
    samples.build(county=areas["2403"], marker="MARK-B")
    mine = Project.objects.filter(area=areas["2401"])
    assert mine.count() == 2
    assert all("MARK-A" in title for title in mine.values_list("title", flat=True))
    for model, field in (
        (ProjectPlace, "project__area"),
        (Funding, "project__area"),
        (StageChange, "project__area"),
        (ProgressReport, "project__area"),
        (ProgressPhoto, "report__project__area"),
        (Beneficiary, "project__area"),
        (ProjectPlan, "area"),
    ):
        assert model.objects.filter(**{field: areas["2401"]}).exists(), model
    assert ProgressReport.objects.filter(text__contains="MARK-B").count() == 1
    assert Benefit.objects.filter(household__address="MARK-A").count() == 2
