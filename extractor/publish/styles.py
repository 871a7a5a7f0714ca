"""Stylesheets the plugin serves under /-/csp-static/ (kept apart so csp_plugin.py stays short).

Loaded by path beside the plugin, like search.py; a published copy carries it."""

# The priority matrix: narrow wrapped headers, centred rank cells.
MATRIX_CSS = """
table.rows-and-columns th { white-space: normal; vertical-align: bottom; min-width: 4.5em; }
table.rows-and-columns td { text-align: center; }
table.rows-and-columns td.col-council { text-align: left; }
.csp-rank { display: inline-block; min-width: 1.8em; padding: 0.1em 0.3em; border-radius: 4px;
            font-weight: bold; }
"""

# Column widths for the what-changed and follow-through pages (views and canned queries).
CHANGES_CSS = """
td.col-plans, td.col-from_plan, td.col-to_plan, td.col-change, td.col-status { white-space: nowrap; }
td.col-before, td.col-after, td.col-from_priority, td.col-to_priority { min-width: 14em; }
td.col-detail, td.col-reason { min-width: 16em; font-size: 0.9em; color: #333; }
td.col-recommendation_quote, td.col-decision_quote { min-width: 20em; }
td.col-from_document, td.col-to_document, td.col-report { min-width: 12em; font-size: 0.9em; }
"""

# Column widths for the peer comparison canned queries (peer_comparison, peer_gaps).
PEERS_CSS = """
td.col-council, td.col-plan, td.col-theme, td.col-peers_naming_it { white-space: nowrap; }
td.col-rank { text-align: center; font-weight: bold; }
td.col-same_county, td.col-same_type_nearest_population, td.col-which_peers { min-width: 14em; }
"""
