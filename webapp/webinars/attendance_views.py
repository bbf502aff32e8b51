"""Attendance (« émargement »), the sign-in sheet and attendance certificates, the survey."""
