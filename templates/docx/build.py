"""Build the built-in Word templates agenda.docx and minutes.docx (docxtpl/Jinja tags).

Run from the repository root after changing this file, and commit the .docx files with it:

    .venv/bin/python templates/docx/build.py

The output is reproducible: the same script gives byte-identical files (fixed document dates,
fixed ZIP timestamps). The templates are ordinary Word documents: a secretary may open one in
Word, change fonts, colours, margins, the logo in the header and the fixed texts, and upload it
for a council in the admin pages. The tags (``{{ … }}``, ``{%p … %}`` paragraph tags,
``{%tr … %}`` table-row tags) and the context keys they use are listed in app/services/paperwork/papers.py.

The building blocks are in docx_kit.py, the layouts in agenda_layout.py and minutes_layout.py.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the layouts beside this script (templates/docx is no package)

from agenda_layout import build_agenda  # noqa: E402
from minutes_layout import build_minutes  # noqa: E402


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else HERE
    target.mkdir(parents=True, exist_ok=True)
    for name, build in (("agenda.docx", build_agenda), ("minutes.docx", build_minutes)):
        (target / name).write_bytes(build())
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
