"""The language layer: one source for what every part of zhenqa knows about Chinese and
English text.

- `cjk`: the Han / CJK character classes (`HAN`, `HAN_RUN`, `CJK_RUN`, `is_han`);
- `english`: English tokens, the light lemmatizer, stopwords, word-family roots and the
  term-matching `phrase_key`;
- `segment`: THE Chinese word segmenter (`segment_zh`), memoized;
- `lexicon`: CC-CEDICT as English lemmas per Chinese word and pinyin per character, from a
  compact memory-mapped cache (`load_lexicon`), stored as `mmtable` hash tables.

Nothing here imports numpy or any other heavy package, so that commands that need only
one of these pieces start fast; import the submodule you need, not this package's names.
"""
