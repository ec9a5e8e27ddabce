"""Widgets of the shop: they show what the Game rendered and report what the player did."""
