"""What each page shows, as plain records: one pure function per page.

Each takes the deals after the dimension filters (a LazyFrame), the Filters and the resolved date
range, and returns frames and small records (tiles with their value, change, n and a `small` flag
already decided). Pages only draw them; plain pytest reaches every gating rule here.
reasons and roster are what the Data page edits: the no-decision vocabulary's coverage and the
effect of a change to it, and the roster's missing reps and edited rows.
"""
