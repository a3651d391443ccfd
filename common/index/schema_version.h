// The version of the Xapian schema (schema.h), on its own so that the programs' --version line
// can name it without compiling Xapian. Only a constant: no functions, no includes.
#pragma once

namespace dateline::schema {

/// Bumped whenever documents written by an older version would be read wrongly.
/// 6: URL terms (find by URL), the source file of each article, the last commit time.
/// 7: the facet values in one dense slot (k_slot_facets).
/// 8: 12 shorter band terms (XB) instead of 24 (XDUPBAND) for copy detection; Greek letters
///    outside Greek words indexed by their names (TGF-β as tgf beta).
inline constexpr int k_schema_version = 8;

} // namespace dateline::schema
