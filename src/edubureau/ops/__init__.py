"""Running edubureau in production (issue 16): the health check, the server's options, backup and restore.

A plain package, not an app: it has no models, and its commands live with the others in ``core``
(``edubureau serve``, ``worker``, ``backup``, ``restore``).
"""
