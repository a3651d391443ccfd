// The spelling normalisation applied to text before it becomes terms, identically when an
// article is indexed and when a query is read: accents folded (Müller -> Muller), Greek letters
// outside Greek words spelled out (TGF-β -> TGF-beta) and dotted abbreviations joined (U.S. -> US). Pure string functions; tokenising is schema.h's job.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// The text with accented Latin, Greek and Cyrillic letters replaced by their base letters
/// (é -> e, ß -> ss, Æ -> AE, ά -> α, ё -> е) and combining accents removed. Case is kept.
std::string fold_accents(std::string_view text);

/// The text with abbreviations written with dots joined into one word: "U.S." -> "US",
/// "u.s.a" -> "usa", "e.g." -> "eg". An abbreviation is two or more single letters each
/// followed by a dot (the last dot may be missing when there are three or more letters).
std::string join_dotted_abbreviations(std::string_view text);

/// The text with each Greek letter that is not part of a Greek word replaced by its name in
/// lower case, so that a symbol and its spelled-out name are one word: "TGF-β" -> "TGF-beta",
/// "αvβ8" -> "alphavbeta8", "Δ variant" -> "delta variant", "5 µg" -> "5 mug" (the micro sign
/// as mu). A letter beside another Greek letter is part of a Greek word and kept ("Αθήνα").
std::string fold_greek_letters(std::string_view text);

/// fold_accents, fold_greek_letters and join_dotted_abbreviations: what the indexer and the
/// query parser apply.
std::string fold_term_text(std::string_view text);

} // namespace dateline
