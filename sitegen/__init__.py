"""Build-time code: measures.yaml → checked data → pages, JSON export and calculator assets."""
