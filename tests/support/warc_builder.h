// Builders of small WARC files for the tests (records, gzip members, HTTP responses, pages we
// wrote), shared by the WARC unit and integration tests. No TEST_CASE here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::testing {

using WarcFields = std::vector<std::pair<std::string, std::string>>;

/// One WARC record: the version line, `fields` (Content-Length added), the block and the two
/// line breaks that end a record.
std::string warc_record(std::string_view type, const WarcFields& fields, std::string_view block,
                        std::string_view version = "WARC/1.0");

/// `data` as one gzip member (zlib, best speed).
std::string gzip_member(std::string_view data);

/// An HTTP/1.1 response with `status`, the header lines in `fields` and `body` as it is.
std::string http_response(int status, const WarcFields& fields, std::string_view body);

/// `data` in chunks of at most `chunk` bytes, as chunked transfer encoding sends it.
std::string chunked(std::string_view data, std::size_t chunk);

/// A response record for `uri` holding an HTTP 200 response of an HTML page.
std::string html_response_record(const std::string& uri, const std::string& record_id, const std::string& html);

/// A small news page we wrote: a headline and two paragraphs of a story about `topic`, between a
/// menu and a footer.
std::string news_page(const std::string& headline, const std::string& topic);

} // namespace dateline::testing
