"""Change history (endringshistorikk) of cases, meetings, agenda items and minutes, from the audit
trail: for the secretariat, admins and archivists (app/authz/history.py)."""
