"""Pages of this app: thin — access → selector/service → render."""
