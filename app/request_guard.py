"""Input no database can store is refused before any view runs: a NUL character in the path, the
query string, a form field, an uploaded file's name or a JSON body (PostgreSQL refuses it in text
columns and parameters; SQLite would store a string that ends early elsewhere). The answer is 400
with the normal error page."""
from flask import abort, request

NUL = "\x00"


def _has_nul(pairs) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def refuse_nul_characters() -> None:
    if NUL in request.path or _has_nul(request.args.items(multi=True)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            if b"\\u0000" in request.get_data() or b"\x00" in request.get_data():
                abort(400)
        elif _has_nul(request.form.items(multi=True)) or any(
                NUL in (upload.filename or "") for upload in request.files.values()):
            abort(400)
