"""`make review`: the user messages the assistant handled badly, read from the
tracker store, masked, grouped, and optionally written out as NLU candidates."""
