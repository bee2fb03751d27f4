"""Pages of the relief module: thin wrappers that parse input and call services and
selectors. The shipment page offers and runs the steps of the workflow table."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import choice_param, render_list, run_service, year_param
from abadi.core.exports import requested_export
from abadi.core.jalali import jalali_year_bounds
from abadi.core.paging import window
from abadi.core.permissions import has_perm
from abadi.core.persian import to_latin_digits
from abadi.people.selectors import households_by_head_code
from abadi.relief import forms as relief_forms
from abadi.relief import selectors, services
from abadi.relief.exports import (
    campaign_columns,
    package_columns,
    shipment_columns,
    stock_columns,
)
from abadi.relief.models import (
    BulkRun,
    Campaign,
    CampaignType,
    EligibilityList,
    ListSource,
    MoveKind,
    Shipment,
    ShipmentStatus,
    Warehouse,
)
from abadi.relief.permissions import (
    DISTRIBUTE,
    KEEP_STOCK,
    MANAGE_RELIEF,
    SHIP,
    VIEW_RELIEF,
)
from abadi.relief.workflow import WORKFLOW

PER_PAGE = 25


# ------------------------------------------------------------------------- campaigns


@requires(VIEW_RELIEF)
def campaign_list(request):
    year = year_param(request.GET)
    kind = choice_param(request.GET, "type", CampaignType.values)
    query = request.GET.get("q", "")[:100]
    campaigns = selectors.campaign_list(
        actor=request.user,
        campaign_type=kind,
        year_bounds=jalali_year_bounds(year) if year else None,
        query=query,
    )
    export = requested_export(
        request,
        campaigns,
        campaign_columns(),
        title=_("پویش‌های امدادی"),
        filename="relief-campaigns",
    )
    if export is not None:
        return export
    context = {
        "page": window(campaigns, request.GET.get("page"), PER_PAGE),
        "types": CampaignType.choices,
        "params": {"type": kind, "year": year or "", "q": query},
        "can_manage": has_perm(request.user, MANAGE_RELIEF),
    }
    return render_list(request, "relief/campaign_list.html", context)


@requires(MANAGE_RELIEF)
def campaign_create(request):
    form = relief_forms.CampaignForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = run_service(
            form,
            lambda: services.campaign_create(
                actor=request.user,
                name=data["name"],
                campaign_type=data["campaign_type"],
                disaster=data["disaster"] or "",
                area=data["area"],
                targets=[data["target"]],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                goal_households=data["goal_households"] or 0,
                goal_packages=data["goal_packages"] or 0,
                goal_value=data["goal_value"] or 0,
                note=data["note"],
            ),
            renames={"targets": "target"},
        )
        if campaign is not None:
            return redirect("relief:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "relief/form.html",
        {"form": form, "title": _("پویش امدادی تازه"), "cancel": reverse("relief:campaign_list")},
    )


@requires(VIEW_RELIEF, record=Campaign)
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    progress = selectors.campaign_progress(actor=request.user, campaign=campaign)
    counties = selectors.campaign_by_county(actor=request.user, campaign=campaign)
    goals = [
        (_("خانوار"), campaign.goal_households, progress["households"]),
        (_("بسته"), campaign.goal_packages, progress["packages"]),
        (_("ارزش (ریال)"), campaign.goal_value, progress["value"]),
    ]
    context = {
        "campaign": campaign,
        "targets": selectors.campaign_targets(campaign),
        "progress": progress,
        "goals": [
            {
                "label": label,
                "goal": goal,
                "done": done,
                "rials": n == 2,
                "percent": min(100, round(100 * done / goal)) if goal else None,
            }
            for n, (label, goal, done) in enumerate(goals)
        ],
        "counties": sorted(counties.items(), key=lambda row: -row[1]["packages"]),
        "county_max": max((row["packages"] for row in counties.values()), default=0),
        "county_map": selectors.campaign_map(
            actor=request.user, campaign=campaign, counties=counties
        ),
        "lists": selectors.list_list(actor=request.user, campaign=campaign)[:50],
        "shipments": selectors.shipment_list(actor=request.user, campaign=campaign)[:50],
        "can_distribute": has_perm(request.user, DISTRIBUTE),
    }
    return render(request, "relief/campaign_detail.html", context)


@requires(DISTRIBUTE, record=Campaign)
def handout(request, pk: int):
    """The distributor's phone page: a household's head by national code, the kit, proof."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk, perm=DISTRIBUTE)
    kits = list(selectors.kit_list(actor=request.user))
    form = relief_forms.HandoutForm(
        request.POST or None,
        request.FILES or None,
        actor=request.user,
        kits=kits,
        initial={"on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = to_latin_digits(data["national_code"])
        household = households_by_head_code(actor=request.user, codes=[code], perm=DISTRIBUTE).get(
            code
        )
        kit = next((k for k in kits if k.pk == data["kit"]), None)
        if household is None:
            form.add_error("national_code", _("خانواری با این سرپرست در مناطق شما ثبت نشده است."))
        elif kit is not None:
            package = run_service(
                form,
                lambda: services.package_hand(
                    actor=request.user,
                    campaign=campaign,
                    kit=kit,
                    household=household,
                    on=data["on"],
                    distributor_kind=data["distributor_kind"],
                    distributor_name=data["distributor_name"],
                    proof_code=data["proof_code"],
                    signature=data["signature"],
                    override_reason=data["override_reason"],
                ),
                renames={"household": "national_code"},
            )
            if package is not None:
                messages.success(request, _("بسته به خانوار تحویل شد."))
                return redirect("relief:handout", pk=campaign.pk)
    return render(request, "relief/handout.html", {"form": form, "campaign": campaign})


# ------------------------------------------------------------------ lists and runs


@requires(DISTRIBUTE, record=Campaign)
def list_create(request, pk: int):
    campaign = selectors.campaign_get(actor=request.user, pk=pk, perm=DISTRIBUTE)
    form = relief_forms.ListForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        eligibility = run_service(
            form,
            lambda: services.list_from_filters(
                actor=request.user,
                campaign=campaign,
                name=data["name"],
                area=data["area"],
                ikrf=data["ikrf"] or None,
                welfare=data["welfare"] or None,
                female_headed=data["female_headed"] or None,
                max_decile=data["max_decile"],
            ),
        )
        if eligibility is not None:
            return redirect("relief:list_detail", pk=eligibility.pk)
    return render(
        request,
        "relief/form.html",
        {
            "form": form,
            "title": _("فهرست واجدان با شرایط — %(c)s") % {"c": campaign.name},
            "cancel": reverse("relief:campaign_detail", args=[campaign.pk]),
            "note": _("فهرست کمیته امداد یا بهزیستی را از «ورود از اکسل» بارگذاری کنید."),
        },
    )


@requires(VIEW_RELIEF, record=EligibilityList)
def list_detail(request, pk: int):
    eligibility = selectors.list_get(actor=request.user, pk=pk)
    kits = list(selectors.kit_list(actor=request.user))
    form = relief_forms.BulkForm(
        request.POST or None, actor=request.user, kits=kits, initial={"on": clock.today()}
    )
    if request.method == "POST":
        if not has_perm(request.user, DISTRIBUTE):
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            kit = next((k for k in kits if k.pk == data["kit"]), None)
            run = (
                run_service(
                    form,
                    lambda: services.bulk_start(
                        actor=request.user,
                        eligibility=eligibility,
                        kit=kit,
                        on=data["on"],
                        distributor_kind=data["distributor_kind"],
                        distributor_name=data["distributor_name"],
                    ),
                )
                if kit is not None
                else None
            )
            if run is not None:
                return redirect("relief:run_detail", pk=run.pk)
    context = {
        "eligibility": eligibility,
        "progress": selectors.list_progress(eligibility),
        "page": window(
            selectors.list_entries(eligibility=eligibility), request.GET.get("page"), PER_PAGE
        ),
        "runs": eligibility.runs.order_by("-id")[:10],
        "form": form,
        "can_distribute": has_perm(request.user, DISTRIBUTE),
        "sources": dict(ListSource.choices),
    }
    return render_list(request, "relief/list_detail.html", context)


@requires(VIEW_RELIEF, record=BulkRun)
def run_detail(request, pk: int):
    run = selectors.run_get(actor=request.user, pk=pk)
    template = (
        "relief/_run_progress.html"
        if request.headers.get("HX-Request")
        else "relief/run_detail.html"
    )
    return render(request, template, {"run": run})


# -------------------------------------------------------------------------- shipments


@requires(VIEW_RELIEF)
def shipment_list(request):
    status = choice_param(request.GET, "status", ShipmentStatus.values)
    shipments = selectors.shipment_list(actor=request.user, status=status)
    export = requested_export(
        request,
        shipments,
        shipment_columns(),
        title=_("محموله‌های امدادی"),
        filename="relief-shipments",
    )
    if export is not None:
        return export
    context = {
        "page": window(shipments, request.GET.get("page"), PER_PAGE),
        "statuses": ShipmentStatus.choices,
        "params": {"status": status},
        "can_ship": has_perm(request.user, SHIP),
    }
    return render_list(request, "relief/shipment_list.html", context)


@requires(SHIP)
def shipment_create(request):
    warehouses = list(selectors.warehouse_list(actor=request.user, perm=SHIP))
    campaigns = list(selectors.campaign_list(actor=request.user)[:100])
    kits = list(selectors.kit_list(actor=request.user))
    items = list(selectors.item_list(actor=request.user))
    form = relief_forms.ShipmentForm(
        request.POST or None,
        actor=request.user,
        warehouses=warehouses,
        campaigns=campaigns,
        kits=kits,
        items=items,
        initial={"on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        origin = next((w for w in warehouses if w.pk == data["origin"]), None)
        campaign = next((c for c in campaigns if c.pk == data["campaign"]), None)
        lines = []
        kit = next((k for k in kits if k.pk == data["kit"]), None)
        if kit is not None and data["kits"]:
            lines.append(services.ManifestLine(quantity=data["kits"], kit=kit))
        item = next((i for i in items if i.pk == data["item"]), None)
        if item is not None and data["items"]:
            lines.append(services.ManifestLine(quantity=data["items"], item=item))
        shipment = (
            run_service(
                form,
                lambda: services.shipment_dispatch(
                    actor=request.user,
                    origin=origin,
                    destination=data["destination"],
                    campaign=campaign,
                    truck_plate=data["truck_plate"],
                    driver_name=data["driver_name"],
                    driver_mobile=data["driver_mobile"],
                    on=data["on"],
                    lines=lines,
                    cash=data["cash"] or 0,
                ),
                renames={"lines": "kits"},
            )
            if origin is not None
            else None
        )
        if shipment is not None:
            return redirect("relief:shipment_detail", pk=shipment.pk)
    return render(
        request,
        "relief/form.html",
        {"form": form, "title": _("اعزام محموله"), "cancel": reverse("relief:shipment_list")},
    )


@requires(VIEW_RELIEF, record=Shipment)
def shipment_detail(request, pk: int):
    shipment = selectors.shipment_get(actor=request.user, pk=pk)
    steps = WORKFLOW.available(actor=request.user, record=shipment)
    context = {
        "shipment": shipment,
        "lines": selectors.shipment_lines(shipment),
        "timeline": shipment.steps.select_related("actor").order_by("on", "id"),
        "steps": [
            (step, step.form_class(actor=request.user, prefix=step.action))
            for step in steps
            if step.form
        ],
        "labels": {step.action: step.label for step in WORKFLOW.steps},
    }
    return render(request, "relief/shipment_detail.html", context)


@requires(SHIP, record=Shipment)
def shipment_action(request, pk: int, action: str):
    shipment = selectors.shipment_get(actor=request.user, pk=pk, perm=SHIP)
    try:
        step = WORKFLOW.require(actor=request.user, record=shipment, action=action)
    except KeyError as unknown:
        raise Http404 from unknown
    if not step.form:
        raise Http404
    form = step.form_class(request.POST or None, actor=request.user, prefix=action)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: step.service_function(
                actor=request.user, shipment=shipment, **form.cleaned_data
            ),
        )
        if done is not None:
            return redirect("relief:shipment_detail", pk=shipment.pk)
    return render(
        request,
        "relief/form.html",
        {
            "form": form,
            "title": f"{step.label} — {shipment.number}",
            "cancel": reverse("relief:shipment_detail", args=[shipment.pk]),
        },
    )


@requires(VIEW_RELIEF, record=Shipment)
def shipment_waybill(request, pk: int):
    from abadi.relief.waybill import waybill_pdf

    shipment = selectors.shipment_get(actor=request.user, pk=pk)
    response = HttpResponse(waybill_pdf(shipment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="waybill-{shipment.number}.pdf"'
    return response


# ------------------------------------------------------------------------------ stock


@requires(VIEW_RELIEF)
def warehouse_list(request):
    warehouses = selectors.warehouse_list(actor=request.user)
    export = requested_export(
        request,
        selectors.stock_of(actor=request.user),
        stock_columns(),
        title=_("موجودی انبارها"),
        filename="relief-stock",
    )
    if export is not None:
        return export
    context = {
        "page": window(warehouses, request.GET.get("page"), PER_PAGE),
        "can_manage": has_perm(request.user, MANAGE_RELIEF),
    }
    return render_list(request, "relief/warehouse_list.html", context)


@requires(MANAGE_RELIEF)
def warehouse_create(request):
    form = relief_forms.WarehouseForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        warehouse = run_service(
            form, lambda: services.warehouse_create(actor=request.user, **form.cleaned_data)
        )
        if warehouse is not None:
            return redirect("relief:warehouse_detail", pk=warehouse.pk)
    return render(
        request,
        "relief/form.html",
        {"form": form, "title": _("انبار تازه"), "cancel": reverse("relief:warehouse_list")},
    )


# Lazy: the labels are read in the language of each request, not of the import.
STOCK_KINDS = {
    "receive": gettext_lazy("رسید کالا"),
    "issue": gettext_lazy("حواله خروج"),
    "transfer": gettext_lazy("انتقال به انبار دیگر"),
    "count": gettext_lazy("شمارش و اصلاح"),
}


@requires(VIEW_RELIEF, record=Warehouse)
def warehouse_detail(request, pk: int):
    warehouse = selectors.warehouse_get(actor=request.user, pk=pk)
    context = {
        "warehouse": warehouse,
        "stock": selectors.stock_of(actor=request.user, warehouse=warehouse)[:200],
        "page": window(
            selectors.move_list(actor=request.user, warehouse=warehouse),
            request.GET.get("page"),
            PER_PAGE,
        ),
        "kinds": STOCK_KINDS,
        "can_keep": has_perm(request.user, KEEP_STOCK),
    }
    return render_list(request, "relief/warehouse_detail.html", context)


@requires(KEEP_STOCK, record=Warehouse)
def stock_move(request, pk: int, kind: str):
    warehouse = selectors.warehouse_get(actor=request.user, pk=pk, perm=KEEP_STOCK)
    if kind not in STOCK_KINDS:
        raise Http404
    items = list(selectors.item_list(actor=request.user))
    targets = (
        [
            other
            for other in selectors.warehouse_list(actor=request.user, perm=KEEP_STOCK)
            if other.pk != warehouse.pk
        ]
        if kind == "transfer"
        else []
    )
    form = relief_forms.StockForm(
        request.POST or None,
        actor=request.user,
        kind=kind,
        items=items,
        targets=targets,
        initial={"on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["item"]), None)
        data["target"] = next((w for w in targets if w.pk == data.get("target")), None)
        done = (
            run_service(form, lambda: _stock_call(request, kind, warehouse, item, data))
            if item
            else None
        )
        if done is not None:
            return redirect("relief:warehouse_detail", pk=warehouse.pk)
    return render(
        request,
        "relief/form.html",
        {
            "form": form,
            "title": f"{STOCK_KINDS[kind]} — {warehouse.name}",
            "cancel": reverse("relief:warehouse_detail", args=[warehouse.pk]),
        },
    )


def _stock_call(request, kind: str, warehouse, item, data):
    if kind == "receive":
        donation = None
        if data["donation"]:
            from abadi.funds.selectors import donation_by_receipt

            donation = donation_by_receipt(actor=request.user, number=data["donation"])
            if donation is None:
                raise ValidationError({"donation": _("کمکی با این شماره رسید پیدا نشد.")})
        return services.stock_receive(
            actor=request.user,
            warehouse=warehouse,
            item=item,
            quantity=data["quantity"],
            on=data["on"],
            source=data["source"] or "other",
            donation=donation,
            note=data["note"],
        )
    if kind == "transfer":
        return services.stock_transfer(
            actor=request.user,
            source=warehouse,
            target=data["target"],
            item=item,
            quantity=data["quantity"],
            on=data["on"],
            note=data["note"],
        )
    if kind == "issue":
        return services.stock_issue(
            actor=request.user,
            warehouse=warehouse,
            item=item,
            quantity=data["quantity"],
            on=data["on"],
            note=data["note"],
        )
    return (
        services.stock_count(
            actor=request.user,
            warehouse=warehouse,
            item=item,
            counted=data["quantity"],
            on=data["on"],
            note=data["note"],
        )
        or True
    )


# -------------------------------------------------------------------- catalogue


@requires(VIEW_RELIEF)
def catalogue(request):
    context = {
        "items": selectors.item_list(actor=request.user)[:500],
        "kits": selectors.kit_list(actor=request.user)[:200],
        "can_manage": has_perm(request.user, MANAGE_RELIEF),
    }
    return render(request, "relief/catalogue.html", context)


@requires(MANAGE_RELIEF)
def item_create(request):
    form = relief_forms.ItemForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        item = run_service(
            form, lambda: services.item_create(actor=request.user, **form.cleaned_data)
        )
        if item is not None:
            return redirect("relief:catalogue")
    return render(
        request,
        "relief/form.html",
        {"form": form, "title": _("قلم کالای تازه"), "cancel": reverse("relief:catalogue")},
    )


@requires(MANAGE_RELIEF)
def kit_create(request):
    form = relief_forms.KitForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        items = {i.pk: i for i in selectors.item_list(actor=request.user, perm=MANAGE_RELIEF)}
        contents = []
        for line in to_latin_digits(data["contents"]).splitlines():
            parts = [p for p in line.replace("×", " ").replace("x", " ").split() if p.isdigit()]
            if len(parts) == 2 and int(parts[0]) in items:
                contents.append((items[int(parts[0])], int(parts[1])))
            elif line.strip():
                form.add_error(
                    "contents", _("سطر «%(line)s» خوانا نیست.") % {"line": line.strip()[:40]}
                )
                break
        if not form.errors:
            kit = run_service(
                form,
                lambda: services.kit_create(
                    actor=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    area=data["area"],
                    contents=contents,
                ),
            )
            if kit is not None:
                return redirect("relief:catalogue")
    return render(
        request,
        "relief/form.html",
        {"form": form, "title": _("بسته تازه"), "cancel": reverse("relief:catalogue")},
    )


# -------------------------------------------------------------------- packages


@requires(VIEW_RELIEF)
def package_list(request):
    year = year_param(request.GET)
    packages = selectors.package_list(
        actor=request.user, year_bounds=jalali_year_bounds(year) if year else None
    )
    export = requested_export(
        request, packages, package_columns(), title=_("بسته‌های تحویلی"), filename="relief-packages"
    )
    if export is not None:
        return export
    context = {
        "page": window(packages, request.GET.get("page"), PER_PAGE),
        "params": {"year": year or ""},
    }
    return render_list(request, "relief/package_list.html", context)


MOVE_KINDS = dict(MoveKind.choices)
