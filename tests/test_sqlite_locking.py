"""SQLite: a page view must not hold the write lock, so a writer can commit while it reads."""
import threading

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import Council
from tests.factories import make_council


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_reader_does_not_block_a_writer_on_sqlite(app):
    make_council()
    db.session.commit()
    db.session.remove()
    reading, written, finish_reading = threading.Event(), threading.Event(), threading.Event()

    def slow_reader():  # a GET request still rendering its page
        with app.test_request_context("/", method="GET"):
            db.session.execute(text("SELECT count(*) FROM council")).scalar()
            reading.set()
            finish_reading.wait(10)
            db.session.remove()

    def writer():
        with app.app_context():
            db.session.get(Council, 1).description = "Endret mens noen leste"
            db.session.commit()
            db.session.remove()
        written.set()

    threads = [threading.Thread(target=slow_reader), threading.Thread(target=writer)]
    threads[0].start()
    assert reading.wait(10)
    threads[1].start()
    committed_while_reading = written.wait(3)
    finish_reading.set()
    for thread in threads:
        thread.join()
    assert committed_while_reading, "the writer waited for a read-only request to finish"
    assert db.session.get(Council, 1).description == "Endret mens noen leste"
