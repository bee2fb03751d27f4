"""Forms of the relief pages: they parse what a person typed; the services hold the rules
(so a page, the API and an import refuse alike)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.files import PHOTO_KINDS
from abadi.core.forms import ActorForm, AmountField, CountField, JalaliDateField, NationalCodeField
from abadi.core.validators import MAX_RECORD_AMOUNT
from abadi.geography.forms import AreaField
from abadi.geography.models import AreaLevel
from abadi.relief.models import (
    MAX_GOAL,
    MAX_QUANTITY,
    CampaignType,
    Disaster,
    DistributorKind,
    KitKind,
    ListSource,
    ReceiptSource,
    Unit,
)
from abadi.relief.permissions import DISTRIBUTE, MANAGE_RELIEF, VIEW_RELIEF

OFFICE_LEVELS = (AreaLevel.PROVINCE, AreaLevel.COUNTY)


def _date(label) -> JalaliDateField:
    return JalaliDateField(label=label)


class _Form(ActorForm):
    def _choices(self, name: str, choices: list) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class CampaignForm(ActorForm):
    name = forms.CharField(label=_("نام پویش"), max_length=200)
    campaign_type = forms.ChoiceField(label=_("نوع پویش"), choices=CampaignType.choices)
    disaster = forms.ChoiceField(label=_("حادثه"), choices=Disaster.choices, required=False)
    area = AreaField(label=_("دفتر مسئول"), perm=MANAGE_RELIEF, levels=OFFICE_LEVELS)
    target = AreaField(
        label=_("منطقه هدف"),
        perm=VIEW_RELIEF,
        above=True,
        help_text=_("استان، شهرستان یا روستایی که پویش به آن خدمت می‌کند"),
    )
    starts_on = _date(_("تاریخ آغاز"))
    ends_on = JalaliDateField(label=_("تاریخ پایان"), required=False)
    goal_households = CountField(label=_("هدف (خانوار)"), max_value=MAX_GOAL, required=False)
    goal_packages = CountField(label=_("هدف (بسته)"), max_value=MAX_GOAL, required=False)
    goal_value = AmountField(
        label=_("هدف (ریال)"), min_value=0, max_value=MAX_RECORD_AMOUNT, required=False
    )
    note = forms.CharField(
        label=_("یادداشت"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ItemForm(ActorForm):
    name = forms.CharField(label=_("نام کالا"), max_length=150)
    unit = forms.ChoiceField(label=_("واحد"), choices=Unit.choices)
    unit_value = AmountField(label=_("ارزش واحد"), max_value=MAX_RECORD_AMOUNT)
    area = AreaField(label=_("دفتر"), perm=MANAGE_RELIEF, levels=OFFICE_LEVELS)


class KitForm(ActorForm):
    name = forms.CharField(label=_("نام بسته"), max_length=150)
    kind = forms.ChoiceField(label=_("نوع بسته"), choices=KitKind.choices)
    area = AreaField(label=_("دفتر"), perm=MANAGE_RELIEF, levels=OFFICE_LEVELS)
    contents = forms.CharField(
        label=_("اقلام"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("هر سطر: شماره کالا و مقدار، مانند «۱۲ × ۱۰»"),
    )


class WarehouseForm(ActorForm):
    name = forms.CharField(label=_("نام انبار"), max_length=150)
    area = AreaField(label=_("شهرستان"), perm=MANAGE_RELIEF, levels=(AreaLevel.COUNTY,))
    address = forms.CharField(label=_("نشانی"), max_length=300, required=False)


class StockForm(_Form):
    """A receipt, an issue, a count or a transfer of one item (``kind``); each shows only
    its own fields."""

    item = forms.TypedChoiceField(label=_("کالا"), coerce=int)
    quantity = CountField(label=_("مقدار"), min_value=0, max_value=MAX_QUANTITY * 100)
    on = _date(_("تاریخ"))
    source = forms.ChoiceField(label=_("منبع"), choices=ReceiptSource.choices, required=False)
    donation = forms.CharField(
        label=_("شماره رسید کمک خیّر"),
        max_length=30,
        required=False,
        help_text=_("برای کمک غیرنقدی یا خریدی که از کمک نقدی خیّر پرداخت می‌شود"),
    )
    target = forms.TypedChoiceField(label=_("انبار مقصد"), coerce=int)
    note = forms.CharField(label=_("شرح"), max_length=300, required=False)

    OWN_FIELDS = {"receive": ("source", "donation"), "transfer": ("target",)}

    def __init__(
        self, *args: Any, kind: str = "receive", items=(), targets=(), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for own_kind, names in self.OWN_FIELDS.items():
            if own_kind != kind:
                for name in names:
                    del self.fields[name]
        self._choices("item", [(item.pk, str(item)) for item in items])
        if "target" in self.fields:
            self._choices("target", [(w.pk, f"{w.name} — {w.area.name}") for w in targets])


class ShipmentForm(_Form):
    origin = forms.TypedChoiceField(label=_("انبار مبدأ"), coerce=int)
    campaign = forms.TypedChoiceField(label=_("پویش"), coerce=int, required=False, empty_value=None)
    destination = AreaField(label=_("مقصد"), perm=VIEW_RELIEF, above=True)
    truck_plate = forms.CharField(label=_("پلاک کامیون"), max_length=30)
    driver_name = forms.CharField(label=_("راننده"), max_length=150)
    driver_mobile = forms.CharField(label=_("تلفن همراه راننده"), max_length=11, required=False)
    on = _date(_("تاریخ اعزام"))
    kit = forms.TypedChoiceField(label=_("بسته"), coerce=int, required=False, empty_value=None)
    kits = CountField(label=_("شمار بسته‌ها"), max_value=MAX_QUANTITY, required=False)
    item = forms.TypedChoiceField(label=_("کالا"), coerce=int, required=False, empty_value=None)
    items = CountField(label=_("مقدار کالا"), max_value=MAX_QUANTITY, required=False)
    cash = AmountField(
        label=_("کمک نقدی"), min_value=0, max_value=MAX_RECORD_AMOUNT, required=False
    )

    def __init__(self, *args: Any, warehouses=(), campaigns=(), kits=(), items=(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._choices("origin", [(w.pk, str(w)) for w in warehouses])
        empty = [("", _("— انتخاب کنید —"))]
        self._choices("campaign", empty + [(c.pk, str(c)) for c in campaigns])
        self._choices("kit", empty + [(k.pk, str(k)) for k in kits])
        self._choices("item", empty + [(i.pk, str(i)) for i in items])


class DeliverForm(ActorForm):
    on = _date(_("تاریخ تحویل"))
    received_by = forms.CharField(label=_("تحویل‌گیرنده"), max_length=150)
    discrepancies = forms.CharField(
        label=_("مغایرت‌ها"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ListForm(ActorForm):
    name = forms.CharField(label=_("نام فهرست"), max_length=200)
    area = AreaField(label=_("منطقه"), perm=DISTRIBUTE)
    ikrf = forms.BooleanField(label=_("تحت پوشش کمیته امداد"), required=False)
    welfare = forms.BooleanField(label=_("تحت پوشش بهزیستی"), required=False)
    female_headed = forms.BooleanField(label=_("سرپرست خانوار زن"), required=False)
    max_decile = CountField(label=_("تا دهک درآمدی"), min_value=1, max_value=10, required=False)


class HandoutForm(_Form):
    """What a distributor records on a phone: whose household, which kit, the proof."""

    national_code = NationalCodeField(label=_("کد ملی سرپرست خانوار"))
    kit = forms.TypedChoiceField(label=_("بسته"), coerce=int)
    on = _date(_("تاریخ تحویل"))
    proof_code = forms.CharField(label=_("کد تأیید دریافت"), max_length=20, required=False)
    signature = forms.FileField(
        label=_("امضای دریافت‌کننده (عکس)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{k}" for k in PHOTO_KINDS)}),
    )
    distributor_kind = forms.ChoiceField(label=_("توزیع‌کننده"), choices=DistributorKind.choices)
    distributor_name = forms.CharField(
        label=_("نام گروه یا کارمند"), max_length=200, required=False
    )
    override_reason = forms.CharField(
        label=_("دلیل تحویل دوباره (تنها مدیر)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, kits=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("kit", [(k.pk, str(k)) for k in kits])


class BulkForm(_Form):
    kit = forms.TypedChoiceField(label=_("بسته"), coerce=int)
    on = _date(_("تاریخ توزیع"))
    distributor_kind = forms.ChoiceField(label=_("توزیع‌کننده"), choices=DistributorKind.choices)
    distributor_name = forms.CharField(
        label=_("نام گروه یا کارمند"), max_length=200, required=False
    )

    def __init__(self, *args: Any, kits=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("kit", [(k.pk, str(k)) for k in kits])


LIST_SOURCES = ListSource
