"""The Secretaría de Economía's placement dashboard (``/tablero``), without HTTP.

``models.dashboard`` reads raw facts; ``indicators`` defines what is counted (funnel,
WIOA-adapted indicators, track, credential kind, cohort, age band); ``suppression``
protects small cells; ``tables`` builds every published table from one protected grid
per dimension; ``charts`` draws them as SVG, ``export`` writes them as CSV, ``page``
assembles the template's sections and ``filters`` reads the query string. The routes in
``vincula.api.routes.dashboard`` only wire these to the page, the CSV files and the API.
"""
