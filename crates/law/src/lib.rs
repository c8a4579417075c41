//! Legal corpus: statute parser, provision codes, citation resolver, search.
