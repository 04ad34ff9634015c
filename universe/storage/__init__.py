"""Universe folders: the file format, reading, validation, writing and revisions.

`documents` is the format (with the JSON Schemas in `schema/`), `yamlfile` the safe YAML reader and
the atomic writer (`plainyaml` and `yamlscalars` read plain block YAML without libyaml), `loader`
with `checks`, `reveals`, `vocabulary` and `report` validate a folder
into a `Universe` (`memoryloader` from documents already parsed), `folder` reads a folder's files
and refuses links and special files, `derivedcache` (with `universecodec`) keeps what a load
derives so it is derived once, `store` finds and loads folders, `revisions` and `roundtrip` save
edits under a lock with history. Only this layer writes files. Builds on `universe.story`.
"""
