#include "common/web/access_log.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"
#include "common/web/api_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace dateline {

std::string format_access_log_line(const AccessLogEntry& entry)
{
    // Ordered keys: people read these lines too.
    nlohmann::ordered_json line;
    line["time"] = entry.time;
    line["request_id"] = entry.request_id;
    line["remote"] = entry.remote;
    line["method"] = entry.method;
    line["target"] = entry.target;
    line["route"] = entry.route;
    line["status"] = entry.status;
    line["bytes"] = entry.bytes;
    line["duration_ms"] = std::round(entry.duration_ms * 1000) / 1000;
    line["user_agent"] = entry.user_agent;
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool is_acceptable_request_id(std::string_view id)
{
    if (id.empty() || id.size() > k_max_request_id_length) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=' ||
               c == '@';
    });
}

RequestIdGenerator::RequestIdGenerator() : m_random(std::random_device{}()) {}

std::string RequestIdGenerator::next()
{
    std::uint64_t value = 0;
    {
        const std::lock_guard lock(m_mutex);
        value = m_random();
    }
    return format_hex64(value);
}

} // namespace dateline
