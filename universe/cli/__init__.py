"""The `universe` command line: a thin front end over the library.

`main` holds the top-level commands, `arcs` the `universe arc` group, `imports` the
`universe import` group, and `arguments` what every command shares.
"""
