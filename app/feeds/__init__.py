"""Calendar feeds (iCalendar): a public feed per council, a personal feed per user behind a
secret link, and the page where a user makes or turns off that link."""
