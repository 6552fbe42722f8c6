"""Classroom material made from the built book: the student edition and the printable handouts."""
