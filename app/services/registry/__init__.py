"""Councils, organisations, people, memberships and user accounts."""
