"""Fill English translations of the interface shell into locale/en (run after makemessages).

Persian is the source language (docs/adr/0001); English entries not listed here fall back
to the Persian text.
"""

from pathlib import Path

import polib

ENGLISH = {
    "آبادی": "Abadi",
    "پیشخوان": "Dashboard",
    "مناطق": "Areas",
    "افراد و خانوارها": "People and households",
    "تسهیلات اشتغال": "Job-creation loans",
    "گروه‌های جهادی": "Volunteer groups",
    "پروژه‌ها": "Projects",
    "خیّرین و موارد حمایتی": "Donors and aid cases",
    "امداد و بسته‌ها": "Relief and packages",
    "آموزش و مجوز": "Training and licences",
    "رویدادها": "Events",
    "شاخص‌ها": "Indicators",
    "دستگاه‌ها و بانک‌ها": "Agencies and banks",
    "گزارش ممیزی": "Audit log",
    "خروج": "Log out",
    "ورود": "Log in",
    "ورود به آبادی": "Log in to Abadi",
    "نام کاربری": "Username",
    "گذرواژه": "Password",
    "فهرست": "Menu",
    "به‌زودی": "Coming soon",
    "نام کاربری یا گذرواژه نادرست است.": "Wrong username or password.",
    "پس از چند ورود ناموفق پیاپی، ورود تا %(minutes)s دقیقه قفل است؛ پس از آن دوباره بکوشید یا از مدیر سامانه کمک بخواهید.": "Logging in is locked for %(minutes)s minutes after repeated failed logins; try again then, or ask the system administrator.",
    "نقش‌های شما": "Your roles",
    "کل کشور": "The whole country",
    "نقشی به شما داده نشده است.": "You hold no role.",
    "دسترسی مجاز نیست": "Access denied",
    "شما اجازه دیدن این صفحه را ندارید.": "You may not see this page.",
    "پیدا نشد": "Not found",
    "صفحه یا رکورد پیدا نشد": "Page or record not found",
    "جستجو": "Search",
    "قبلی": "Previous",
    "بعدی": "Next",
    "زمان": "Time",
    "کاربر": "User",
    "عمل": "Action",
    "رکورد": "Record",
    "تغییرات": "Changes",
    "نشانی IP": "IP address",
    "رویدادی ثبت نشده است.": "No event recorded.",
    "ذخیره": "Save",
    "ویرایش": "Edit",
    "مدیر سامانه": "System administrator",
    "مدیر استان": "Province manager",
    "کارشناس برنامه": "Programme officer",
    "کارشناس شهرستان": "County officer",
    "متصدی ثبت داده": "Data clerk",
    "حسابرس": "Auditor",
    "سرگروه جهادی": "Group leader",
    "کاربر دستگاه همکار": "Partner-agency user",
    "روابط عمومی": "Press office",
    "کشور": "Country",
    "استان": "Province",
    "شهرستان": "County",
    "بخش": "District",
    "دهستان": "Rural district",
    "شهر": "City",
    "روستا": "Village",
    "نام": "Name",
    "کد": "Code",
    "سطح": "Level",
    "منطقه": "Area",
    "نوع": "Type",
    "تلفن": "Phone",
    "سال": "Year",
    "مبلغ": "Amount",
    "وضعیت": "Status",
    "تاریخ": "Date",
}


def main() -> None:
    path = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgid in ENGLISH:
            entry.msgstr = ENGLISH[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalogue.save()
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    print(f"{len([e for e in catalogue if e.msgstr])} of {len(catalogue)} entries in English")


if __name__ == "__main__":
    main()
