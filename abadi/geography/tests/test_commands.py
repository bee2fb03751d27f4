import io

import pytest
from django.core.management import CommandError, call_command

from abadi.geography.models import Area, AreaChange

from .conftest import SAMPLE_DIR


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_areas_lists_children(areas):
    out, _ = run("areas", "24")
    lines = out.splitlines()
    assert lines[0].startswith("24\tاردبیل\tاستان")
    assert [line.split("\t")[0].strip() for line in lines[1:-1]] == ["2401", "2403"]
    assert lines[-1] == "children: 2"


def test_areas_accepts_ir_and_a_name(areas):
    out, _ = run("areas", "IR")
    assert "\n  24\tاردبیل" in out and "\n  15\tلرستان" in out
    out, _ = run("areas", "خلخال")
    assert out.startswith("2403\t")


def test_areas_unknown_code_fails_in_persian(areas):
    with pytest.raises(CommandError, match="پیدا نشد"):
        run("areas", "99")


def test_areas_ambiguous_name_lists_candidates(areas):
    err = io.StringIO()
    with pytest.raises(CommandError, match="چند منطقه"):
        call_command("areas", "مرکزی", stdout=io.StringIO(), stderr=err)
    assert "240101\tمرکزی" in err.getvalue() and "240301\tمرکزی" in err.getvalue()


def test_geo_load_twice(db):
    out, _ = run("geo", "load", "--data", str(SAMPLE_DIR))
    assert "created 34" in out
    assert "unmatched polygon: IR-24 شهرستان نوپدید" in out
    out, _ = run("geo", "load", "--data", str(SAMPLE_DIR))
    assert "nothing to do" in out


def test_geo_create_and_move(areas):
    out, _ = run("geo", "create", "2412", "انگوت", "--parent", "24")
    assert "/IR/24/2412/" in out
    run("geo", "create", "241201", "مرکزی انگوت", "--level", "district", "--parent", "2412")
    out, _ = run("geo", "move", "240301", "--to", "2412", "--date", "۱۴۰۳/۰۱/۰۱")
    assert (
        Area.objects.get(code="2403010001001").path
        == "/IR/24/2412/240301/2403010001/2403010001001/"
    )
    change = AreaChange.objects.get()
    assert str(change.effective_date) == "2024-03-20"
    assert change.actor is None


def test_geo_move_refusal_is_a_command_error(areas):
    with pytest.raises(CommandError, match="باید زیر"):
        run("geo", "move", "240301", "--to", "24", "--date", "1403/01/01")
    with pytest.raises(CommandError, match="پیدا نشد"):
        run("geo", "create", "2412", "انگوت", "--parent", "98")
