"""Universe folders: the file format, reading, validation, writing and revisions.

`documents` is the format (with the JSON Schemas in `schema/`), `yamlfile` the safe YAML reader and
the atomic writer, `loader` with `checks`, `reveals`, `vocabulary` and `report` validate a folder
into a `Universe`, `store` finds and loads folders, `revisions` and `roundtrip` save edits under a
lock with history. Only this layer writes files. Builds on `universe.story`.
"""
