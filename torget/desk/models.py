"""Desk inquiries (tallies without personal data), appointments and the kiosk."""
