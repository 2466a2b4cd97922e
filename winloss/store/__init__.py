"""The embedded Delta Lake store: every change one version, every version readable and restorable.

tables gives each stored table's schema; delta is the Store that reads them at a version and
writes them under one writer lock; version_cache keeps frames derived from one version beside a
local store, so a new process reads them instead of deriving them again.
"""
