"""Running edubureau in production (issue 16): the health check, the server, the task worker, backup and restore.

An app without models: it is in ``INSTALLED_APPS`` only so that Django finds its commands
(``edubureau serve``, ``worker``, ``backup``, ``restore``).
"""
