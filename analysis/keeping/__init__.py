"""Keeping: what the dashboard holds on to once a file is accepted. The versioned local store (store),
roles and the hash-chained audit log of every change (audit), and backup and restore of the store (backup).
Files come in through `analysis.files_in`; nothing here reads a user's file."""
