// Language of article text (ISO 639-1) and the Snowball stemmer for each language Xapian
// ships. Identification is by script and by frequent function words; pure, no I/O.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// The ISO 639-1 code of the text's language ("en", "de", "ru", …), or "" when the text is
/// too short or too mixed to say. Looks at most at the first few thousand bytes.
std::string detect_language(std::string_view text);

/// Xapian's Snowball stemmer name for an ISO 639-1 code ("de" -> "german"), or "" when Xapian
/// has none for it.
std::string stemmer_language(std::string_view code);

} // namespace dateline
