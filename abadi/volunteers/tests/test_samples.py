"""The sample builder the guard rails use: every kind of record, in the county asked,
with the marker where people see it."""

import pytest

from abadi.volunteers import samples, selectors
from abadi.volunteers.models import (
    AdoptedVillage,
    Deployment,
    DeploymentPhoto,
    Group,
    GroupDomain,
    GroupLeadership,
    Membership,
    Permit,
    StatusChange,
)

pytestmark = pytest.mark.django_db


def test_samples_of_every_kind_in_their_county(areas, staff):
    samples.build(county=areas["2403"], marker="نشان۱", count=2)
    samples.build(county=areas["2401"], marker="نشان۲")
    groups = Group.objects.filter(name__contains="نشان۱")
    assert groups.count() == 2 and {g.area.code for g in groups} == {"2403"}
    for model in (GroupDomain, Permit, StatusChange, Membership, AdoptedVillage, GroupLeadership):
        assert model.objects.filter(group__in=groups).exists(), model
    assert Deployment.objects.filter(work_done__contains="نشان۱").count() == 2
    assert DeploymentPhoto.objects.filter(original_name__contains="نشان۱").count() == 2
    seen = {g.name for g in selectors.group_list(actor=staff.county_2401)}
    assert seen == {"گروه جهادی نشان۲ ۰"}
