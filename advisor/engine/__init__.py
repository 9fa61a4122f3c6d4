"""The advisor's intelligence: plain Python on numpy / scipy / pandas, no Django.

Plain data in, plain data out. The Django layer (selectors, services, tasks) loads rows, calls
these functions and stores what they return; reason texts come back as keys with parameters
so that the Django layer can translate them (the site speaks French and English).
"""

ENGINE_VERSION = "1.0"
