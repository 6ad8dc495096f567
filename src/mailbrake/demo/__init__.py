"""`mailbrake demo`: the whole road on a throwaway SQLite database and a local capture sink."""
