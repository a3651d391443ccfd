// Day arithmetic on stored dates: a date as a count of days (for ages and windows) and back.
// Pure functions over the proleptic Gregorian calendar; parsing dates is dates.h's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {

/// Days since 1970-01-01 of "YYYY-MM-DD" or "YYYYMMDD"; nullopt for anything else.
std::optional<std::int64_t> day_number(std::string_view date);

/// "YYYY-MM-DD" of a day number.
std::string iso_date_of_day(std::int64_t day);

} // namespace dateline
