"""Inside the hidden layer: the input lattice and the data as two hidden neurons see them."""

from ui.hidden_space.view import show_page

show_page()
