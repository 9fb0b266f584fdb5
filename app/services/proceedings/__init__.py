"""The meeting day and what follows: attendance, recording, minutes, follow-up, notifications."""
