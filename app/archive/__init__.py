"""The archivist's page (/arkiv): which meetings of a council and year are ready for the archive,
starting an export (it runs in the background: app/services/archive/jobs.py), following it, and
downloading the finished package as a ZIP with its checksum (app/authz/archive.py: archivists
and admins)."""
