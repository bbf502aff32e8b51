"""Webinars: creating, publishing, cancelling; the list and the page; registering."""
