"""Royalty pages beyond the finance dashboard: background exports and the auditor's drill-down (thin views:
access checks here, reads in selectors, writes in services)."""
