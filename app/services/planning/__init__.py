"""Meetings and their agendas: items, proposals, numbers, times, the case queue."""
