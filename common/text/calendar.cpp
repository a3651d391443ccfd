#include "common/text/calendar.h"

#include "common/text/dates.h"

#include <cstdio>

namespace dateline {
namespace {

bool read_number(std::string_view digits, int& out)
{
    out = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            return false;
        }
        out = out * 10 + (c - '0');
    }
    return !digits.empty();
}

} // namespace

std::optional<std::int64_t> day_number(std::string_view date)
{
    std::string compact;
    if (date.size() == 10 && date[4] == '-' && date[7] == '-') {
        compact = std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) + std::string(date.substr(8, 2));
    } else if (date.size() == 8) {
        compact = date;
    } else {
        return std::nullopt;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (!read_number(std::string_view(compact).substr(0, 4), year) ||
        !read_number(std::string_view(compact).substr(4, 2), month) ||
        !read_number(std::string_view(compact).substr(6, 2), day) || !is_valid_day(year, month, day)) {
        return std::nullopt;
    }
    // Howard Hinnant's days_from_civil.
    const std::int64_t y = month <= 2 ? year - 1 : year;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

std::string iso_date_of_day(std::int64_t day)
{
    // Howard Hinnant's civil_from_days.
    const std::int64_t z = day + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t day_of_era = z - era * 146097;
    const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;
    const std::int64_t d = day_of_year - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = year_of_era + era * 400 + (m <= 2 ? 1 : 0);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                  static_cast<long long>(d));
    return buffer;
}

} // namespace dateline
