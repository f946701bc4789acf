"""Tools that run the real app from outside: demo data, the bundle's self-test, screenshots."""
