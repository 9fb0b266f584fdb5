"""Noark 5 archive export (arkivuttrekk): which meetings are ready (scope), the package writers,
the self-check after Arkade 5's tests, and the export job that ties them together."""
