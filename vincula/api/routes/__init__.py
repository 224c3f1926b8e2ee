"""One router per resource; ``vincula.api.app`` assembles them."""
