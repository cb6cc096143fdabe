"""One module per CLI command. Modules import only click at the top; heavy work is imported inside."""
