"""The win/loss engine: UI-free reading, mapping, storing and measuring of CRM exports."""
