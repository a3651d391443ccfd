#include "common/ingest/warc_http.h"

#include "common/text/text_utils.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <system_error>

namespace dateline {
namespace {

// The next line of `text` from `at` (without its line break), moving `at` past it.
std::string_view next_line(std::string_view text, std::size_t& at)
{
    const std::size_t newline = text.find('\n', at);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = text.substr(at, end - at);
    at = newline == std::string_view::npos ? text.size() : newline + 1;
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

// "HTTP/1.1 200 OK" -> 200; 0 when the line is not a status line.
int read_status_line(std::string_view line)
{
    if (!line.starts_with("HTTP/")) {
        return 0;
    }
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos || line.size() < space + 4) {
        return 0;
    }
    int status = 0;
    const char* first = line.data() + space + 1;
    const auto [end, error] = std::from_chars(first, first + 3, status);
    return error == std::errc() && end == first + 3 && status >= 100 && status <= 999 ? status : 0;
}

// Undoes chunked transfer encoding; nullopt when `body` does not start with a chunk (it was
// stored de-chunked). A body cut short keeps the chunks it has.
std::optional<std::string> dechunk(std::string_view body)
{
    std::string out;
    std::size_t at = 0;
    bool first = true;
    while (at < body.size()) {
        std::string_view size_line = next_line(body, at);
        size_line = trim(size_line.substr(0, size_line.find(';'))); // chunk extensions
        std::size_t size = 0;
        const auto [end, error] = std::from_chars(size_line.data(), size_line.data() + size_line.size(), size, 16);
        if (size_line.empty() || error != std::errc() || end != size_line.data() + size_line.size()) {
            if (first) {
                return std::nullopt;
            }
            break;
        }
        first = false;
        if (size == 0) {
            break; // the last chunk; trailer fields are not kept
        }
        out.append(body.substr(at, size));
        at = std::min(body.size(), at + size);
        next_line(body, at); // the chunk's line break
    }
    return out;
}

// Inflates zlib, gzip or raw deflate data (`window_bits` as zlib takes them) into `out`.
// Returns "" on success (a stream cut short keeps what it holds), else the problem.
std::string inflate_into(std::string_view data, int window_bits, std::size_t max_size, std::string& out)
{
    z_stream stream{};
    if (inflateInit2(&stream, window_bits) != Z_OK) {
        return "cannot start zlib";
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::array<char, 65536> buffer{};
    int code = Z_OK;
    while (code == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        code = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - stream.avail_out);
        if (out.size() > max_size) {
            inflateEnd(&stream);
            return "the payload inflates beyond " + std::to_string(max_size >> 20) + " MB";
        }
        if (code == Z_STREAM_END && stream.avail_in > 0 && window_bits > MAX_WBITS) {
            code = inflateReset(&stream); // another gzip member follows
        }
    }
    const std::string message = stream.msg != nullptr ? stream.msg : "inflate failed";
    inflateEnd(&stream);
    return code == Z_STREAM_END || code == Z_BUF_ERROR ? std::string() : message;
}

std::string decode_brotli(std::string_view data, std::size_t max_size, std::string& out)
{
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) {
        return "cannot start the brotli decoder";
    }
    const auto* next_in = reinterpret_cast<const uint8_t*>(data.data());
    std::size_t available_in = data.size();
    std::array<uint8_t, 65536> buffer{};
    BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    std::string problem;
    while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        uint8_t* next_out = buffer.data();
        std::size_t available_out = buffer.size();
        result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
        out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - available_out);
        if (out.size() > max_size) {
            problem = "the payload inflates beyond " + std::to_string(max_size >> 20) + " MB";
            break;
        }
    }
    if (problem.empty() && result == BROTLI_DECODER_RESULT_ERROR) {
        problem = BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state));
    }
    BrotliDecoderDestroyInstance(state);
    return problem;
}

bool starts_like_html(std::string_view payload)
{
    if (payload.starts_with("\xEF\xBB\xBF")) {
        payload.remove_prefix(3);
    }
    const std::size_t first = payload.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return false;
    }
    const std::string head = ascii_lower(payload.substr(first, 14));
    return head.starts_with("<!doctype html") || head.starts_with("<html");
}

// Decodes one content coding; "" on success, else the problem.
std::string decode_coding(std::string_view coding, std::size_t max_payload, std::string& payload)
{
    std::string out;
    std::string problem;
    if (coding == "gzip" || coding == "x-gzip") {
        if (!payload.starts_with("\x1f\x8b")) {
            return {}; // stored decoded
        }
        problem = inflate_into(payload, 16 + MAX_WBITS, max_payload, out);
    } else if (coding == "deflate") {
        problem = inflate_into(payload, MAX_WBITS, max_payload, out);
        if (!problem.empty() && !problem.starts_with("the payload")) {
            out.clear(); // many servers send raw deflate without the zlib wrapper
            problem = inflate_into(payload, -MAX_WBITS, max_payload, out);
        }
    } else if (coding == "br") {
        problem = decode_brotli(payload, max_payload, out);
    } else if (coding == "identity" || coding.empty()) {
        return {};
    } else {
        return "unknown Content-Encoding \"" + std::string(coding) + "\"";
    }
    if (!problem.empty()) {
        // A payload a crawler stored decoded while keeping the header reads as it is.
        return starts_like_html(payload) ? std::string() : "damaged " + std::string(coding) + " content: " + problem;
    }
    payload = std::move(out);
    return {};
}

} // namespace

std::optional<HttpResponse> parse_http_response(std::string_view block, std::string& problem, std::size_t max_payload)
{
    HttpResponse response;
    std::size_t at = 0;
    response.status = read_status_line(next_line(block, at));
    if (response.status == 0) {
        problem = "the block is not an HTTP response (no \"HTTP/1.1 200 OK\" status line)";
        return std::nullopt;
    }
    for (;;) {
        const std::string_view line = next_line(block, at);
        if (line.empty()) {
            break;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !response.fields.empty()) {
            response.fields.back().second += " " + std::string(trim(line));
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            response.fields.emplace_back(std::string(trim(line.substr(0, colon))),
                                         std::string(trim(line.substr(colon + 1))));
        }
    }
    response.payload.assign(block.substr(at));
    if (ascii_lower(response.field("Transfer-Encoding")).find("chunked") != std::string::npos) {
        if (std::optional<std::string> body = dechunk(response.payload)) {
            response.payload = std::move(*body);
        }
    }
    // Codings are listed in the order they were applied: undo them from the last.
    const std::vector<std::string> codings = split_nonempty(ascii_lower(response.field("Content-Encoding")), ',');
    for (auto coding = codings.rbegin(); coding != codings.rend(); ++coding) {
        problem = decode_coding(trim(*coding), max_payload, response.payload);
        if (!problem.empty()) {
            return std::nullopt;
        }
    }
    return response;
}

std::string media_type(std::string_view content_type)
{
    return ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
}

bool is_html_payload(std::string_view content_type, std::string_view payload)
{
    const std::string type = media_type(content_type);
    if (type == "text/html" || type == "application/xhtml+xml") {
        return true;
    }
    const bool generic = type.empty() || type == "application/octet-stream" || type == "unknown/unknown" ||
                         type == "application/unknown";
    return generic && starts_like_html(payload);
}

} // namespace dateline
