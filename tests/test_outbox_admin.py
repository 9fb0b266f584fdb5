"""The admin's outbox page: counts per status, the messages newest first, whether e-mail is sent
at all, and "Send på nytt" for a failed or waiting message."""
import re
from datetime import UTC, datetime

import time_machine

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus
from app.services.core import mail
from tests.conftest import count_queries, login


def _queue(n=1, **fields) -> list[OutboxMessage]:
    messages = []
    for k in range(n):
        message = mail.queue(f"mottaker{k}@example.no", f"Emne {k}", "Tekst", "notice_issued")
        for name, value in fields.items():
            setattr(message, name, value)
        messages.append(message)
    db.session.commit()
    return messages


def _rows(html: str) -> list[list[str]]:
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>")[0]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_only_admins_see_the_outbox(app, client):
    response = client.get("/admin/utboks")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    login(client, app, email="sekretar@example.no", roles=("secretariat",))
    assert client.get("/admin/utboks").status_code == 403
    assert "Utboks" not in client.get("/oppfolging/").get_data(as_text=True)
    client.post("/logg-ut")
    login(client, app, email="admin@example.no", roles=("admin",))
    response = client.get("/admin/utboks")
    assert response.status_code == 200
    assert "Utboksen er tom." in response.get_data(as_text=True)
    # The admin's menu links the page.
    assert 'href="/admin/utboks"' in client.get("/").get_data(as_text=True)


def test_outbox_lists_messages_newest_first_with_counts_per_status(app, client):
    with time_machine.travel(datetime(2022, 5, 20, 8, 0, tzinfo=UTC), tick=False):
        _queue(2)
    with time_machine.travel(datetime(2022, 5, 20, 9, 0, tzinfo=UTC), tick=False):
        failed, = _queue(1, status=OutboxStatus.FAILED, attempts=20,
                         last_error="ConnectionRefusedError: [Errno 111] Connection refused")
        failed.to_address, failed.subject = "feil@example.no", "Referat sendt på høring"
        sent, = _queue(1, status=OutboxStatus.SENT, attempts=1)
        sent.to_address = "sendt@example.no"
        db.session.commit()
    login(client, app, email="admin@example.no", roles=("admin",))
    page = client.get("/admin/utboks").get_data(as_text=True)
    assert "Alle (4)" in page and "Venter (2)" in page and "Sendt (1)" in page and "Feilet (1)" in page
    rows = _rows(page)
    assert [r[0] for r in rows][:2] == ["sendt@example.no", "feil@example.no"]
    to, subject, kind, status, attempts, next_attempt, error, action = rows[1]
    assert subject.startswith("Referat sendt på høring") and kind == "Innkalling sendt"
    assert (status, attempts) == ("Feilet", "20")
    assert error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert action == "Send på nytt til feil@example.no"
    waiting = rows[2]
    assert waiting[3] == "Venter" and waiting[5] == "20. mai 2022 kl. 10:00"  # Norwegian time
    assert rows[0][3].startswith("Sendt") and rows[0][7] == ""  # nothing to send again
    # Filtered by status.
    assert [r[0] for r in _rows(client.get("/admin/utboks?status=failed").get_data(as_text=True))] == [
        "feil@example.no"]


def test_the_page_says_when_no_mail_server_is_configured(app, client):
    login(client, app, email="admin@example.no", roles=("admin",))
    app.config["MAIL_SERVER"] = None
    assert "E-post sendes ikke: MAIL_SERVER er ikke satt; meldingene skrives til loggen." in \
        client.get("/admin/utboks").get_data(as_text=True)
    app.config.update(MAIL_SERVER="smtp.example.no", MAIL_PORT=587)
    page = client.get("/admin/utboks").get_data(as_text=True)
    assert "MAIL_SERVER er ikke satt" not in page and "smtp.example.no, port 587" in page


def test_retry_puts_a_failed_message_back_in_the_queue(app, client):
    failed, = _queue(1, status=OutboxStatus.FAILED, attempts=20, last_error="SMTPServerDisconnected")
    login(client, app, email="admin@example.no", roles=("admin",))
    before = datetime.now(UTC)
    response = client.post(f"/admin/utboks/{failed.id}/send-pa-nytt")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#melding-{failed.id}")
    db.session.refresh(failed)
    assert (failed.status, failed.attempts) == (OutboxStatus.PENDING, 0)
    assert failed.next_attempt_at.replace(tzinfo=UTC) >= before.replace(microsecond=0)  # due now
    page = client.get("/admin/utboks").get_data(as_text=True)
    assert "Meldingen er lagt i kø for å sendes på nytt." in page
    assert _rows(page)[0][3:5] == ["Venter", "0"]


def test_a_sent_message_is_not_sent_again(app, client):
    sent, = _queue(1, status=OutboxStatus.SENT, attempts=1)
    login(client, app, email="admin@example.no", roles=("admin",))
    page = client.post(f"/admin/utboks/{sent.id}/send-pa-nytt", follow_redirects=True).get_data(as_text=True)
    assert "Meldingen er allerede sendt." in page
    db.session.refresh(sent)
    assert (sent.status, sent.attempts) == (OutboxStatus.SENT, 1)


def test_only_admins_may_retry(app, client):
    failed, = _queue(1, status=OutboxStatus.FAILED, attempts=20)
    login(client, app, email="sekretar@example.no", roles=("secretariat",))
    assert client.post(f"/admin/utboks/{failed.id}/send-pa-nytt").status_code == 403
    db.session.refresh(failed)
    assert failed.status == OutboxStatus.FAILED
    client.post("/logg-ut")
    login(client, app, email="admin@example.no", roles=("admin",))
    assert client.post("/admin/utboks/99999/send-pa-nytt").status_code == 404


def test_retry_needs_the_csrf_token(app, client):
    failed, = _queue(1, status=OutboxStatus.FAILED, attempts=20)
    login(client, app, email="admin@example.no", roles=("admin",))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/admin/utboks/{failed.id}/send-pa-nytt").status_code == 400
        page = client.get("/admin/utboks").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert client.post(f"/admin/utboks/{failed.id}/send-pa-nytt",
                           data={"csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.refresh(failed)
    assert failed.status == OutboxStatus.PENDING


def test_outbox_page_runs_a_fixed_number_of_queries(app, client):
    login(client, app, email="admin@example.no", roles=("admin",))
    _queue(3)
    with count_queries(db.engine) as few:
        client.get("/admin/utboks")
    _queue(40)
    with count_queries(db.engine) as many:
        page = client.get("/admin/utboks").get_data(as_text=True)
    assert len(_rows(page)) == 43
    assert few() == many()
