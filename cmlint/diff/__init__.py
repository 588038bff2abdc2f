"""`cmlint diff OLD NEW`: what a revision of a constitution changed, by meaning.

The pipeline, one module each: `versions` reads the two versions (files or `REV:path`) and
checks them; `matching` pairs their principles (same text, then same id, then a global
assignment over meaning and wording); `changes` says what each pair, and each principle left
alone, is (added, removed, reworded, moved, with changes of force, actor, conditions and
exceptions called out); `findings` sets the findings of one version against the other's;
`render` writes text, JSON or Markdown; `changed` finds the files `--git REF` diffs.
"""
