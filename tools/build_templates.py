"""Build the committed report templates (dm05/templates/*.docx): the default style profile's layout with the
built-in table columns.

A report builds its own template for its workspace's profile and columns (dm05/docbuild.py); the committed
files are what it uses when those are the defaults, and what ``dm05 template export`` gives a clerk to
restyle in Word. This script rebuilds them after a change to the layout, the default profile or the
built-in columns:

    python tools/build_templates.py            # rebuild in place
    python tools/build_templates.py --check    # exit 1 if the committed templates are stale (CI)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dm05.docbuild import build_annex, build_report  # noqa: E402
from dm05.reporttemplate import default_inputs  # noqa: E402

TEMPLATES = ROOT / "dm05" / "templates"


def built() -> dict[Path, bytes]:
    sp, annex, years = default_inputs()
    return {TEMPLATES / "bao_cao.docx": build_report(sp, list(annex), list(years)),
            TEMPLATES / "phu_luc.docx": build_annex(sp, list(annex))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed templates are stale")
    args = ap.parse_args()
    files = built()
    stale = [p for p, data in files.items() if not p.is_file() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)} (run python tools/build_templates.py)")
        return 1 if stale else 0
    for p, data in files.items():
        p.write_bytes(data)
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
