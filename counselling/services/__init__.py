"""Writes for the counsellor workspace, one module per job: `consent` (access grants and
invitations), `notes` (notes and validated skill levels), `plans` (path edits, approval and
the carry-over after a re-assessment). Callers import the module by its name.

Every service re-checks access through `selectors.clients_visible_to` (`rules.require_access`),
so a caller that forgot to scope its lookup still cannot act on a stranger's data.
"""
