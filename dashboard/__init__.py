"""The claims map dashboard: a Plotly Dash app over the store. No domain logic lives here."""
