// Calendar dates as Dateline stores them ("YYYY-MM-DD"), and the parsers that turn
// record fields and scraped date lines into them. Pure functions, no I/O.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {

/// "YYYY-MM-DD" for an ISO 8601 date or date-time ("2021-04-12", "2022-07-19T08:45:00Z",
/// "2023-02-01T17:30:00+01:00", "2023-02-01 17:30"); nullopt when the text is not one or
/// names an impossible day. The date part is kept as written (the publisher's local date).
std::optional<std::string> parse_iso_date(std::string_view text);

/// What a scraped date line says about the article.
enum class DateKind { published, updated, page_banner };

struct DateLine {
    std::string date; // "YYYY-MM-DD"
    DateKind kind = DateKind::published;
};

/// Reads a line that holds only a date in a common news form: "Monday, June 5, 2023",
/// "Published Apr 1, 1987 04:28 GMT", "Updated: 5 June 2023, 14:05", "05/06/2023" (day first
/// unless that is impossible), "2023/06/05", "Jun 5 2023", ISO. "Updated" and "(Last) modified"
/// lines are DateKind::updated, everything else DateKind::published. nullopt when the line has
/// other words in it.
std::optional<DateLine> parse_date_line(std::string_view line);

/// The name of a DateKind as the extract output spells it ("published", "updated", "page-banner").
std::string_view date_kind_name(DateKind kind);

/// The time in UTC as ISO 8601: "2024-05-01T12:00:00Z", or "2024-05-01T12:00:00.123Z" with
/// milliseconds.
std::string format_utc_time(std::chrono::system_clock::time_point time, bool with_milliseconds);

/// True for a valid proleptic Gregorian day.
bool is_valid_day(int year, int month, int day);

struct CalendarDay {
    int year = 0;
    int month = 0; // 1-12
    int day = 0;   // 1-31
};

/// The day a stored date names: exactly "YYYY-MM-DD" and a valid day, else nullopt.
std::optional<CalendarDay> read_stored_date(std::string_view text);

/// 0 for Sunday to 6 for Saturday.
int day_of_week(const CalendarDay& day);

} // namespace dateline
