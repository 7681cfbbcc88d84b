"""Inside the hidden layer: model (the hidden-space plane and lattice, pure), live (its frames),
view (the page), strings."""
