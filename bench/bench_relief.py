"""A bulk distribution of 100,000 packages to an imported list, the duplicate check included.

Runs on PostgreSQL in its own database "abadi_bench_relief" (dropped and created afresh;
the server is DATABASE_URL's when that names PostgreSQL, else ABADI_BENCH_PG_URL). The
work happens in a child process whose DATABASE_URL points at that database.

A list of ``ABADI_BENCH_PACKAGES`` households (default 100,000, plus 5% who already hold
a package of the campaign) is handed its packages twice, to two campaigns alike:

- ``relief.bulk_distribution.s``: the module's own bulk run (``services.bulk_run``: batches
  of 2,000, each atomic, each checking the campaign's packages and the benefit ledger,
  stock-free, writing packages, ledger rows and one audit event per batch), against one
  hand-written ``INSERT … SELECT`` (packages, then ledger rows from what it inserted)
  doing the same check in a single statement. Both must hand the same number of packages
  and refuse every household that already held one. Target: within 60 s.
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

from pg_child import measure

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = int(os.environ.get("ABADI_BENCH_PACKAGES", "100000"))
BENCH_DB = "abadi_bench_relief"
TARGET_SECONDS = 60.0
DAY = datetime.date(2021, 5, 1)


HAND_WRITTEN = """
WITH handed AS (
  INSERT INTO relief_package
    (campaign_id, kit_id, household_id, area_id, place_id, value, "on", distributor_kind,
     distributor_name, proof_code, signature, override_reason, at)
  SELECT %(campaign)s, %(kit)s, e.household_id, %(county)s, h.area_id, %(value)s, %(day)s,
         'staff', '', '', '', '', now()
  FROM relief_listentry e
  JOIN people_household h ON h.id = e.household_id
  JOIN geography_area a ON a.id = h.area_id
  WHERE e.eligibility_list_id = %(list)s
    AND a.path LIKE %(target)s
    AND NOT EXISTS (SELECT 1 FROM relief_package p
                    WHERE p.campaign_id = %(campaign)s AND p.household_id = e.household_id)
    AND NOT EXISTS (SELECT 1 FROM people_benefit b
                    WHERE b.campaign = %(key)s AND b.household_id = e.household_id)
  RETURNING id, household_id, place_id, value
)
INSERT INTO people_benefit
  (household_id, programme, date, value, area_id, source_type_id, source_id, campaign, note,
   created_at)
SELECT household_id, 'package', %(day)s, value, place_id, %(type)s, id, %(key)s, '', now()
FROM handed
"""


def child() -> None:
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from abadi.core.actors import SYSTEM
    from abadi.geography.models import Area
    from abadi.people.models import Benefit, Household
    from abadi.relief import services
    from abadi.relief.models import (
        CampaignType,
        KitKind,
        ListEntry,
        ListSource,
        Package,
        Unit,
    )
    from abadi.testing import area_tree

    call_command("migrate", verbosity=0)
    areas = area_tree()
    county, village = areas["2403"], Area.objects.get(code="2403010001001")
    held = PACKAGES // 20
    total = PACKAGES + held
    start = time.perf_counter()
    Household.objects.bulk_create(
        [Household(area=village, source_id=f"bench-{n}") for n in range(total)], batch_size=5000
    )
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    rice = services.item_create(
        actor=SYSTEM, name="برنج", unit=Unit.KG, unit_value=450_000, area=areas["24"]
    )
    kit = services.kit_create(
        actor=SYSTEM, name="بسته", kind=KitKind.LIVELIHOOD, area=areas["24"], contents=[(rice, 10)]
    )
    package_type = ContentType.objects.get_for_model(Package)
    lists = {}
    for label in ("ours", "theirs"):
        campaign = services.campaign_create(
            actor=SYSTEM,
            name=f"رزمایش {label}",
            campaign_type=CampaignType.LIVELIHOOD,
            area=areas["24"],
            starts_on=datetime.date(2021, 3, 21),
            targets=[county],
        )
        eligibility = services.list_create(
            actor=SYSTEM, campaign=campaign, name=label, source=ListSource.IKRF, area=county
        )
        ListEntry.objects.bulk_create(
            [ListEntry(eligibility_list=eligibility, household_id=pk) for pk in ids],
            batch_size=5000,
        )
        eligibility.size = total
        eligibility.save(update_fields=["size"])
        # 5% already hold a package of the campaign in the ledger (given by another office).
        Benefit.objects.bulk_create(
            [
                Benefit(
                    household_id=pk,
                    programme="package",
                    date=DAY,
                    value=1,
                    area=village,
                    source_type=package_type,
                    source_id=1,
                    campaign=campaign.key,
                )
                for pk in ids[::21][:held]
            ],
            batch_size=5000,
        )
        lists[label] = (campaign, eligibility)
    print(f"  loaded {total:,} households and two lists in {time.perf_counter() - start:.1f} s")

    campaign, eligibility = lists["ours"]
    run = services.bulk_start(
        actor=SYSTEM, eligibility=eligibility, kit=kit, on=DAY, background=False
    )
    start = time.perf_counter()
    run = services.bulk_run(actor=SYSTEM, run=run)
    ours_s = time.perf_counter() - start
    ours = Package.objects.filter(campaign=campaign).count()

    campaign, eligibility = lists["theirs"]
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            HAND_WRITTEN,
            {
                "campaign": campaign.pk,
                "kit": kit.pk,
                "county": county.pk,
                "value": kit.value,
                "day": DAY,
                "list": eligibility.pk,
                "target": county.path + "%",
                "key": campaign.key,
                "type": package_type.pk,
            },
        )
    theirs_s = time.perf_counter() - start
    theirs = Package.objects.filter(campaign=campaign).count()
    assert ours == theirs == total - len(ids[::21][:held]), (ours, theirs)
    assert run.status == "done", run.message
    print(f"  handed {ours:,} packages each way; {held:,} households already held one")
    print("RESULT " + json.dumps({"ours_s": ours_s, "theirs_s": theirs_s, "packages": ours}))


def run() -> list[dict]:
    measured = measure(__file__, BENCH_DB, "relief")
    if measured is None:
        return []
    return [
        {
            "name": "relief.bulk_distribution.s",
            "value": round(measured["ours_s"], 2),
            "unit": "s",
            "baseline": round(measured["theirs_s"], 2),
            "ratio": round(measured["ours_s"] / measured["theirs_s"], 2),
            "target_ratio": None,
            "target_seconds": TARGET_SECONDS,
            "packages": measured["packages"],
        }
    ]


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.path.insert(0, str(ROOT))
        child()
    else:
        for row in run():
            print(row)
