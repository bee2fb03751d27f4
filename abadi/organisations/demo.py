"""The 22 executive agencies of Ardabil that hold deprivation-elimination credit in 1401 (F12)."""

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
        # 1401 credit for all 22; 1400 for the first 18 (some agencies joined in 1401).
        amount = 40_000_000_000 + index * 7_500_000_000
        DeprivationCredit.objects.get_or_create(
            organisation=organisation, year=1401, defaults={"amount": amount}
        )
        if index < 18:
            DeprivationCredit.objects.get_or_create(
                organisation=organisation, year=1400, defaults={"amount": amount * 8 // 10}
            )
    log(
        f"  organisations: {created} created ({len(AGENCIES)} agencies with 1401 deprivation credit)"
    )
