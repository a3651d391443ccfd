// The HTTP response a WARC "response" record holds: status line, header fields and payload,
// with chunked transfer encoding undone and the content encodings (gzip, deflate, br) decoded,
// all with a bound on what a payload may inflate to. Also tells an HTML payload from others.
// Pure: no files, no WARC framing (warc_record_reader, whose HeaderFields it shares), no HTML
// parsing (cleaning/).
#pragma once

#include "common/ingest/warc_record_reader.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

struct HttpResponse {
    int status = 0;
    HeaderFields fields;
    std::string payload; // the body as decoded

    /// find_field of the response's header fields.
    [[nodiscard]] std::string field(std::string_view name) const { return find_field(fields, name); }
};

inline constexpr std::size_t k_max_payload = std::size_t{64} << 20;

/// The response in `block` (the block of a WARC response record), its payload de-chunked and
/// decoded. Lenient where archives are: a "chunked" or "gzip" body that was stored already
/// decoded (as some crawlers do) is taken as it is.
/// @return nullopt with `problem` set when the block is not an HTTP response, a content coding
/// is unknown, or the payload is damaged or inflates beyond `max_payload` bytes.
std::optional<HttpResponse> parse_http_response(std::string_view block, std::string& problem,
                                                std::size_t max_payload = k_max_payload);

/// The media type of a Content-Type value, lower-cased and without parameters
/// ("Text/HTML; charset=UTF-8" -> "text/html").
std::string media_type(std::string_view content_type);

/// True when a payload of `content_type` is an HTML page: text/html or application/xhtml+xml,
/// or no type (or a generic one) and a payload that starts like HTML ("<!DOCTYPE html", "<html").
bool is_html_payload(std::string_view content_type, std::string_view payload);

} // namespace dateline
