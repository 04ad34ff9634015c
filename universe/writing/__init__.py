"""Writers' arcs and canon editing.

An arc is a what-if layer over canon (`arcs` reads it, `overlay` applies it, `arcdiff` compares it
with canon, `arcstore` and `arctext` save it); `canon` and `editing` change canon itself, and
`promotion` moves an arc's change into canon. Every save goes through `universe.storage.revisions`.
"""
