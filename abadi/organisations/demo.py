"""The 22 executive agencies of Ardabil that hold deprivation-elimination credit in 1401 (F12),
with their credit of the other years from 1399 to this one."""

import datetime

from abadi.core import clock
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import search_key
from abadi.geography.models import Area
from abadi.organisations.models import DeprivationCredit, Organisation, OrganisationKind

AGENCIES = [
    ("اداره کل آموزش و پرورش استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("دانشگاه علوم پزشکی اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل راه و شهرسازی استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("شرکت آب منطقه‌ای اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("شرکت آب و فاضلاب استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("شرکت توزیع نیروی برق استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("شرکت گاز استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("سازمان جهاد کشاورزی استان اردبیل", OrganisationKind.AGRICULTURE_JIHAD),
    ("بنیاد مسکن انقلاب اسلامی استان اردبیل", OrganisationKind.HOUSING_FOUNDATION),
    ("کمیته امداد امام خمینی (ره) استان اردبیل", OrganisationKind.RELIEF_FOUNDATION),
    ("اداره کل بهزیستی استان اردبیل", OrganisationKind.WELFARE),
    ("اداره کل منابع طبیعی و آبخیزداری استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل میراث فرهنگی، گردشگری و صنایع دستی استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل ورزش و جوانان استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل آموزش فنی و حرفه‌ای استان اردبیل", OrganisationKind.TVTO),
    ("سازمان صنعت، معدن و تجارت استان اردبیل", OrganisationKind.SAMT),
    ("اداره کل تعاون، کار و رفاه اجتماعی استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("شرکت مخابرات استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل اوقاف و امور خیریه استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل فرهنگ و ارشاد اسلامی استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل حفاظت محیط زیست استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
    ("اداره کل نوسازی مدارس استان اردبیل", OrganisationKind.EXECUTIVE_AGENCY),
]
GUILDS = [("اتاق اصناف استان اردبیل", OrganisationKind.GUILD)]


def credit_years(index: int, today: datetime.date) -> list[tuple[int, int]]:
    """(year, percent of the agency's 1401 credit) for each year it held credit."""
    years = [(1401, 100)]
    if index < 18:
        years.append((1400, 80))
    if index < 15:
        years.append((1399, 65))
    for year in range(1402, jalali_year_of(today) + 1):
        years.append((year, 100 + 30 * (year - 1401)))
    return years


def build(*, log) -> None:
    province = Area.objects.get(code="24")
    created = 0
    for index, (name, kind) in enumerate(AGENCIES + GUILDS):
        organisation, is_new = Organisation.objects.get_or_create(
            area=province, search_key=search_key(name), defaults={"name": name, "kind": kind}
        )
        created += is_new
        if (name, kind) in GUILDS:
            continue
        # 1401 credit for all 22 (F12); 1400 for the first 18 and 1399 for the first 15
        # (some agencies joined later); every later year for all, growing with prices.
        amount = 40_000_000_000 + index * 7_500_000_000
        for year, share in credit_years(index, clock.today()):
            DeprivationCredit.objects.get_or_create(
                organisation=organisation, year=year, defaults={"amount": amount * share // 100}
            )
    log(
        f"  organisations: {created} created ({len(AGENCIES)} agencies with 1401 deprivation credit)"
    )
