"""The linguistic analysis: spaCy reads each principle once, and everything after reads plain data.

`pipeline` is the only module that imports spaCy. It turns a parse into `tokens.Sentence`
objects (text offsets, lemma, part of speech, dependency arc), which are plain data: they go
to the disk cache as JSON and come back without spaCy, so a warm run never imports it.
`frames` reads a deontic frame off a sentence, `normative` says whether a sentence obliges,
forbids, permits or prefers, `vague` finds the words that leave room, and `analysis` puts it
together for one document: sentences, statements (the normative units) and their frames.
"""
