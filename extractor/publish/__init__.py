"""Publish: serving the database in Datasette (serve), with the plugin (csp_plugin) and metadata.yml."""
