"""The static files: no reference to a file that is not there.

Production's manifest storage follows every ``sourceMappingURL`` comment and ``url()``
and refuses to start on a missing one; this finds such a reference without running it.
"""

import re
from pathlib import Path

from django.conf import settings

SOURCE_MAP = re.compile(rb"sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_static_file_names_is_there():
    missing = []
    for folder in settings.STATICFILES_DIRS:
        for path in Path(folder).rglob("*"):
            if path.suffix not in {".js", ".css"}:
                continue
            for name in SOURCE_MAP.findall(path.read_bytes()):
                if not (path.parent / name.decode()).exists():
                    missing.append(f"{path.relative_to(folder)} → {name.decode()}")
    assert missing == []
