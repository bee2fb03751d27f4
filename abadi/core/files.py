"""Uploaded files: checked on the way in, served only through the record they belong to.

Nothing under the media root is reachable by URL. A file is served by
:func:`file_response` after the record it belongs to was opened through its app's own
selector (:mod:`abadi.core.records`), with its stored content type, a
``Content-Disposition`` and ``nosniff``, so a browser never guesses what it is.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core.persian import to_persian_digits

MEGABYTE = 1024 * 1024

# What the first bytes of each accepted type look like: an extension alone proves nothing.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
DOCUMENT_KINDS = ("pdf", "jpg", "jpeg", "png")
PHOTO_KINDS = ("jpg", "jpeg", "png")


def _extension(upload: Any) -> str:
    return (getattr(upload, "name", "") or "").rsplit(".", 1)[-1].lower()


@deconstructible
class UploadCheck:
    """A file field's check: one of ``kinds`` (by extension and by its first bytes), at
    most ``max_bytes``."""

    def __init__(self, kinds: tuple[str, ...], max_bytes: int) -> None:
        self.kinds, self.max_bytes = tuple(kinds), max_bytes

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadCheck)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )

    def __call__(self, upload: Any) -> None:
        if upload is None or not getattr(upload, "name", ""):
            return
        if getattr(upload, "_committed", False):
            return  # a file already stored was checked when it came in
        extension = _extension(upload)
        if extension not in self.kinds:
            raise ValidationError(
                gettext("فقط پرونده %(kinds)s پذیرفته می‌شود.") % {"kinds": _kinds_text(self.kinds)},
                code="file_type",
            )
        if upload.size > self.max_bytes:
            raise ValidationError(
                gettext("حجم پرونده بیش از %(mb)s مگابایت است.")
                % {"mb": to_persian_digits(self.max_bytes // MEGABYTE)},
                code="file_too_large",
            )
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(8)
        upload.seek(position)
        if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
            raise ValidationError(
                gettext("محتوای پرونده با نوع آن (%(ext)s) نمی‌خواند.") % {"ext": extension.upper()},
                code="file_content",
            )


def _kinds_text(kinds: tuple[str, ...]) -> str:
    """ "PDF، JPG یا PNG": each kind once (JPEG is JPG), the last joined by "یا"."""
    names = list(dict.fromkeys("JPG" if kind == "jpeg" else kind.upper() for kind in kinds))
    if len(names) == 1:
        return names[0]
    return "، ".join(names[:-1]) + " یا " + names[-1]


def upload_validators(kinds: tuple[str, ...], *, max_bytes: int) -> list[UploadCheck]:
    """The validators of a file field that accepts ``kinds`` up to ``max_bytes``."""
    return [UploadCheck(kinds, max_bytes)]


class StoredFile(models.Model):
    """What a file record keeps about its upload: the type it was accepted as, its size
    and the name it came with (the stored name is made unique by the storage)."""

    content_type = models.CharField(_("نوع پرونده"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("حجم (بایت)"), default=0, editable=False)
    original_name = models.CharField(_("نام پرونده"), max_length=255, blank=True, editable=False)

    FILE_FIELD = "file"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        upload = getattr(self, self.FILE_FIELD)
        if upload and not self.content_type:
            extension = _extension(upload)
            self.content_type = CONTENT_TYPES.get(extension) or (
                mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
            )
            self.size = upload.size
            self.original_name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255]
        super().save(*args, **kwargs)


def file_response(record: models.Model, field_name: str) -> FileResponse:
    """The file of ``record`` (which the caller opened for the viewer) as a download."""
    stored = getattr(record, field_name, None)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = getattr(record, "content_type", "") or "application/octet-stream"
    name = getattr(record, "original_name", "") or stored.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not content_type.startswith("image/"),
        filename=name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
