"""Generation-time pipeline of the packaged lexicon: public catalogues to ``lexicon.tsv``.

Never imported at run time. ``snapshot`` reads entity names out of an unpacked public
package or repository into ``data/lexicon-sources/CATALOGUE.tsv`` (spellings recovered by
``spelling``); ``words`` lists which of their words are ordinary English; ``build`` merges
the hand-written core and the snapshots into ``graphbuild/lexicon/lexicon.tsv`` with a
catalogue and a guard per entry. ``scripts/lexicon-refresh`` runs the three in turn; see
``data/lexicon-sources/README.md``.
"""
