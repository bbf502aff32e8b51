"""Attestations: their numbers, verification codes and PDF, without Flask or the ORM."""
