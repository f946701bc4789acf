"""Entry and edit forms: declarative field lists over one generic, keyboard-first dialog."""
