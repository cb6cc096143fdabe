"""Input/output at the edges: YAML, workbooks, registry files, outputs. The core never imports this."""
