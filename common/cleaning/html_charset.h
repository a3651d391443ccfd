// The character set of a saved web page and its decoding to UTF-8: a byte-order mark, then the
// charset the HTTP Content-Type header declares, then a <meta charset> or <meta http-equiv>
// in the page's first bytes, else UTF-8 when the bytes are valid UTF-8, else windows-1252
// (what browsers assume for undeclared Western pages). Pure: bytes in, text out; uses iconv.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// The charset label of a Content-Type value ("text/html; charset=ISO-8859-1" ->
/// "iso-8859-1"), lower case and unquoted; "" when it names none.
std::string charset_from_content_type(std::string_view content_type);

/// The charset a <meta charset="…"> or <meta http-equiv="Content-Type" content="…"> in the
/// first 4 KB of `html` declares, lower case; "" when there is none.
std::string sniff_meta_charset(std::string_view html);

/// The page's bytes as valid UTF-8, and the charset they were read as.
struct DecodedPage {
    std::string text;
    std::string charset; // the canonical name used: "utf-8", "windows-1252", "utf-16le", …
};

/// Decodes `bytes` with the first of: BOM, `content_type`'s charset, the meta declaration,
/// detection (UTF-8 when valid, else windows-1252). ISO-8859-1 and US-ASCII are read as
/// windows-1252 (as the HTML standard says); an unknown label falls through to detection.
/// Bytes the charset cannot map become U+FFFD. Never throws.
DecodedPage decode_html_bytes(std::string_view bytes, std::string_view content_type);

} // namespace dateline
