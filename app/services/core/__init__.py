"""The small core every feature uses: audit trail, clock, e-mail outbox, job locks, numbering."""
