"""What the indicators pages give the home page: where a headline figure's records are read."""

from urllib.parse import urlencode

from django.urls import reverse

from abadi.core import ports


def indicator_url(*, key: str, area, year: int) -> str:
    query = urlencode({"area": area.code, "year": year})
    return f"{reverse('reporting:indicator_records', args=[key])}?{query}"


ports.provide("indicator_url", indicator_url)
