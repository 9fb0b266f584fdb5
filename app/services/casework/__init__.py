"""The case register and case documents."""
