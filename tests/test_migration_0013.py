"""Migration 0013's data step: routine items lose their own case files; a case file that holds
something else (here a document) is kept."""
import sqlite3

from tests.factories import upgrade_sqlite

ROUTINE_SQL = """
INSERT INTO council (id, code, name, case_number_format) VALUES (1, 'NUIT', 'NUIT', '{seq}/{yy}');
INSERT INTO meeting (id, council_id, year, number, kind, date, start_time, status, calendar_sequence)
    VALUES (1, 1, 2022, 3, 'ordinary', '2022-06-15', '09:00:00.000000', 'held', 0);
INSERT INTO cases (id, file_year, file_seq, title, exempt, created_at) VALUES
    (1, 2022, 5, 'Eventuelt', 0, '2022-06-01 10:00:00'),
    (2, 2022, 6, 'Godkjenning av referat fra NUIT 20. april 2022', 0, '2022-06-01 10:00:00'),
    (3, 2022, 7, 'Nasjonal kjernejournal', 0, '2022-06-01 10:00:00');
INSERT INTO case_document (id, case_id, number, original_name, stored_name, content_type,
                           size_bytes, sha256, uploaded_at, exempt)
    VALUES (1, 2, 1, 'referat.pdf', 'abc', 'application/pdf', 3, 'x', '2022-06-01 10:00:00', 0);
INSERT INTO agenda_item (id, meeting_id, council_id, position, kind, purpose, case_id, case_year,
                         case_seq, title, subitems, status, changed_after_issue, version) VALUES
    (1, 1, 1, 0, 'case', 'any_other_business', 1, 2022, 16, 'Eventuelt', '[]', 'treated', 0, 1),
    (2, 1, 1, 1, 'case', 'approve_minutes', 2, 2022, 17,
     'Godkjenning av referat fra NUIT 20. april 2022', '[]', 'treated', 0, 1),
    (3, 1, 1, 2, 'case', 'case', 3, 2022, 18, 'Nasjonal kjernejournal', '[]', 'treated', 0, 1);
"""


def test_0013_detaches_routine_items_and_deletes_their_empty_case_files(tmp_path):
    path = tmp_path / "at0012.db"
    upgrade_sqlite(path, "0012")
    with sqlite3.connect(path) as conn:
        conn.executescript(ROUTINE_SQL)

    upgrade_sqlite(path, "0013")

    with sqlite3.connect(path) as conn:
        items = dict(conn.execute("SELECT id, case_id FROM agenda_item").fetchall())
        numbers = conn.execute("SELECT id, case_year, case_seq FROM agenda_item ORDER BY id").fetchall()
        cases = {row[0]: row[1] for row in conn.execute("SELECT id, file_seq FROM cases")}
    assert items == {1: None, 2: None, 3: 3}, "routine items are detached, the case item is not"
    assert numbers == [(1, 2022, 16), (2, 2022, 17), (3, 2022, 18)], "meeting case numbers stay"
    assert 1 not in cases, "the case file only 'Eventuelt' held is gone"
    assert cases.get(2) == 6, "a case file holding a document is kept"
    assert cases.get(3) == 7
