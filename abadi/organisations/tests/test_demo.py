from abadi.core import clock
from abadi.core.jalali import jalali_year_of
from abadi.organisations.demo import AGENCIES, build
from abadi.organisations.models import DeprivationCredit, Organisation


def test_demo_gives_22_agencies_1401_credit_and_is_idempotent(areas):
    build(log=lambda line: None)
    build(log=lambda line: None)
    assert Organisation.objects.count() == len(AGENCIES) + 1
    assert (
        DeprivationCredit.objects.filter(year=1401).values("organisation").distinct().count() == 22
    )
    assert DeprivationCredit.objects.filter(year=1400).count() == 18
    assert DeprivationCredit.objects.filter(year=1399).count() == 15
    this_year = jalali_year_of(clock.today())
    assert DeprivationCredit.objects.filter(year=this_year).count() == 22
