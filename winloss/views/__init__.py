"""What each page shows, as plain records: one pure function per page.

Each takes the deals after the dimension filters (a LazyFrame), the Filters and the resolved date
range, and returns frames and small records (tiles with their value, change, n and a `small` flag
already decided). Pages only draw them; plain pytest reaches every gating rule here.
"""
