// The stored form of an article in a Xapian document's data: a compact length-prefixed
// binary encoding that decodes with little more than copies (every search hit decodes one).
// Only schema.cpp calls these; the layout's version is part of the schema version.
#pragma once

#include "common/article.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace dateline {

/// The article's fields (not `origin`) as bytes.
std::string encode_stored_article(const Article& article);

/// The article encode_stored_article wrote.
/// @exception std::runtime_error when the bytes are not such an encoding.
Article decode_stored_article(std::string_view bytes);

} // namespace dateline
