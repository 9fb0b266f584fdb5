"""Which Word template a council's paper is written from: the council's newest active uploaded
template (admin pages), else the built-in one in templates/docx/<kind>.docx."""
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Council, PaperTemplate

BUILT_IN_DIR = Path(__file__).resolve().parents[3] / "templates" / "docx"


def built_in_path(kind: str) -> Path:
    return BUILT_IN_DIR / f"{kind}.docx"


def templates_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "paper-templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def active_template(council: Council, kind: str) -> PaperTemplate | None:
    return db.session.scalar(
        select(PaperTemplate).where(PaperTemplate.council_id == council.id, PaperTemplate.kind == kind,
                                    PaperTemplate.active.is_(True))
        .order_by(PaperTemplate.uploaded_at.desc(), PaperTemplate.id.desc()).limit(1))


def template_for(council: Council, kind: str) -> tuple[bytes, PaperTemplate | None]:
    """The template's bytes, and the uploaded template row (None for the built-in one)."""
    uploaded = active_template(council, kind)
    if uploaded is not None:
        return (templates_folder() / uploaded.storage_name).read_bytes(), uploaded
    return built_in_path(kind).read_bytes(), None
