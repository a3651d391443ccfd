#include "tests/support/warc_builder.h"

#include <zlib.h>

#include <stdexcept>

namespace dateline::testing {

std::string warc_record(std::string_view type, const WarcFields& fields, std::string_view block,
                        std::string_view version)
{
    std::string record = std::string(version) + "\r\nWARC-Type: " + std::string(type) + "\r\n";
    for (const auto& [name, value] : fields) {
        record += name + ": " + value + "\r\n";
    }
    record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
    record += block;
    return record + "\r\n\r\n";
}

std::string gzip_member(std::string_view data)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int code = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (code != Z_STREAM_END) {
        throw std::runtime_error("deflate failed");
    }
    return out;
}

std::string http_response(int status, const WarcFields& fields, std::string_view body)
{
    std::string response = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Other") + "\r\n";
    for (const auto& [name, value] : fields) {
        response += name + ": " + value + "\r\n";
    }
    return response + "\r\n" + std::string(body);
}

std::string chunked(std::string_view data, std::size_t chunk)
{
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t at = 0; at < data.size(); at += chunk) {
        const std::string_view part = data.substr(at, chunk);
        std::string size;
        for (std::size_t n = part.size(); n > 0; n /= 16) {
            size.insert(size.begin(), k_hex[n % 16]);
        }
        out += size + ";ext=1\r\n" + std::string(part) + "\r\n";
    }
    return out + "0\r\n\r\n";
}

std::string html_response_record(const std::string& uri, const std::string& record_id, const std::string& html)
{
    const std::string http = http_response(200, {{"Content-Type", "text/html; charset=utf-8"}}, html);
    return warc_record("response",
                       {{"WARC-Target-URI", uri},
                        {"WARC-Date", "2023-05-06T07:08:09Z"},
                        {"WARC-Record-ID", "<" + record_id + ">"},
                        {"Content-Type", "application/http; msgtype=response"}},
                       http);
}

std::string news_page(const std::string& headline, const std::string& topic)
{
    return "<!doctype html><html><head><title>" + headline +
           " | The Brindle Post</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
           "<article><h1>" + headline + "</h1><p>Residents gathered on Thursday evening to hear the plans for the " +
           topic + ", which the council says will be finished before the winter storms arrive.</p><p>Several "
           "speakers asked who would pay for the " + topic +
           ", and the chair promised a written answer within a fortnight of the meeting.</p></article>"
           "<footer><p>Copyright 2023 The Brindle Post. All rights reserved.</p></footer></body></html>";
}

} // namespace dateline::testing
