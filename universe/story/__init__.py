"""The story model and the spoiler horizon.

Story time (`timeline`), evidence levels (`evidence`), the records of a universe (`model`), name
lookup (`names`), and the whole loaded universe with its snapshots (`snapshot`): the one place
where what a viewer may see at a story point is decided. Depends on nothing else in the package.
"""
