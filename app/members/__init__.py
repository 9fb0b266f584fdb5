"""The member's home page (/mitt)."""
