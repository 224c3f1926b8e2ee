"""The ingestion edge: CURP checks, pseudonyms and cohort files to events."""
