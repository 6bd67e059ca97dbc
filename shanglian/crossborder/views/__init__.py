"""Pages of the cross-border store (thin: access → selector/service → render)."""
