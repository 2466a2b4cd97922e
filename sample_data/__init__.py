"""Synthetic sample exports (a Salesforce opportunity report and a rep roster) and their generator."""
