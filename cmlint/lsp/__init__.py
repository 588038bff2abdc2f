"""The language server: the engine's diagnostics, hovers and quick fixes inside an editor.

`checker` runs the engine on editor buffers (no pygls), `convert` turns findings into LSP
types with UTF-16 ranges, `features` builds hovers and suppression edits, and `server` wires
them to pygls with debounced, cancellable checks. Start it with `cmlint lsp`.
"""
