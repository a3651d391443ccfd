#include "common/text/dates.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <array>
#include <cstdio>
#include <vector>

namespace dateline {
namespace {

int to_int(std::string_view digits)
{
    int value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string format_date(int year, int month, int day)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

// Month number for an English month name or abbreviation ("jun", "june", "sept."), else 0.
int month_from_name(std::string_view word)
{
    if (word.ends_with('.')) {
        word.remove_suffix(1);
    }
    static constexpr std::array<std::string_view, 12> k_months = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        const std::string_view name = k_months[i];
        if (word == name || (word.size() >= 3 && name.starts_with(word))) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

bool is_weekday(std::string_view word)
{
    if (word.ends_with('.')) {
        word.remove_suffix(1);
    }
    static constexpr std::array<std::string_view, 7> k_days = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (std::string_view name : k_days) {
        if (word == name || (word.size() >= 3 && name.starts_with(word))) {
            return true;
        }
    }
    return false;
}

bool is_time(std::string_view word)
{
    // 14:05, 04:28:10, 3:30, 3:30pm, 3.30pm
    std::size_t i = 0;
    std::size_t digits = 0;
    bool separator = false;
    while (i < word.size()) {
        const char c = word[i];
        if (is_ascii_digit(c)) {
            ++digits;
        } else if (c == ':' || (c == '.' && !separator)) {
            separator = true;
        } else {
            break;
        }
        ++i;
    }
    const std::string_view rest = word.substr(i);
    return separator && digits >= 3 && (rest.empty() || rest == "am" || rest == "pm" || rest == "a.m." || rest == "p.m.");
}

bool is_zone_or_filler(std::string_view word)
{
    static constexpr std::array<std::string_view, 22> k_words = {
        "gmt", "utc", "bst", "cet", "cest", "est", "edt", "et", "pt", "pst", "pdt", "ist",
        "am", "pm", "a.m.", "p.m.", "at", "on", "|", "-", "\xE2\x80\x93", "\xE2\x80\x94"};
    for (std::string_view filler : k_words) {
        if (word == filler) {
            return true;
        }
    }
    // +0100, +01:00, -05:00
    return (word.starts_with('+') || word.starts_with('-')) && word.size() >= 3 &&
           is_ascii_digit(word[1]);
}

std::optional<std::string> parse_numeric_date(std::string_view word)
{
    // dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy, dd-mm-yyyy
    for (char separator : {'/', '.', '-'}) {
        const std::size_t first = word.find(separator);
        if (first == std::string_view::npos) {
            continue;
        }
        const std::size_t second = word.find(separator, first + 1);
        if (second == std::string_view::npos) {
            continue;
        }
        const std::string_view a = word.substr(0, first);
        const std::string_view b = word.substr(first + 1, second - first - 1);
        const std::string_view c = word.substr(second + 1);
        if (!is_ascii_digits(a) || !is_ascii_digits(b) || !is_ascii_digits(c) || b.size() > 2) {
            continue;
        }
        // 2023/06/05, 2023.06.05: the year first is always followed by the month.
        if (a.size() == 4 && c.size() <= 2) {
            if (is_valid_day(to_int(a), to_int(b), to_int(c))) {
                return format_date(to_int(a), to_int(b), to_int(c));
            }
            continue;
        }
        if (c.size() != 4 || a.size() > 2) {
            continue;
        }
        const int year = to_int(c);
        const int day_first_day = to_int(a);
        const int day_first_month = to_int(b);
        if (is_valid_day(year, day_first_month, day_first_day)) {
            return format_date(year, day_first_month, day_first_day);
        }
        if (is_valid_day(year, day_first_day, day_first_month)) {
            return format_date(year, day_first_day, day_first_month);
        }
    }
    return std::nullopt;
}

} // namespace

bool is_valid_day(int year, int month, int day)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = (month == 2 && leap) ? 29 : k_days[static_cast<std::size_t>(month - 1)];
    return day <= last;
}

std::optional<CalendarDay> read_stored_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !is_ascii_digits(text.substr(0, 4)) ||
        !is_ascii_digits(text.substr(5, 2)) || !is_ascii_digits(text.substr(8, 2))) {
        return std::nullopt;
    }
    const CalendarDay day{to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2))};
    if (!is_valid_day(day.year, day.month, day.day)) {
        return std::nullopt;
    }
    return day;
}

int day_of_week(const CalendarDay& day)
{
    // Days since 1970-01-01 (a Thursday), after Howard Hinnant's days_from_civil.
    const int year = day.year - (day.month <= 2 ? 1 : 0);
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = year - era * 400;
    const int day_of_year = (153 * (day.month + (day.month > 2 ? -3 : 9)) + 2) / 5 + day.day - 1;
    const long days = static_cast<long>(era) * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
                      day_of_year - 719468;
    return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

std::optional<std::string> parse_iso_date(std::string_view text)
{
    text = trim(text);
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const std::string_view year = text.substr(0, 4);
    const std::string_view month = text.substr(5, 2);
    const std::string_view day = text.substr(8, 2);
    if (!is_ascii_digits(year) || !is_ascii_digits(month) || !is_ascii_digits(day) ||
        !is_valid_day(to_int(year), to_int(month), to_int(day))) {
        return std::nullopt;
    }
    if (text.size() > 10) {
        // A time part: "T" or " " then hh:mm[:ss[.fff]] then an optional zone.
        const char separator = text[10];
        if ((separator != 'T' && separator != 't' && separator != ' ') || text.size() < 16) {
            return std::nullopt;
        }
        const std::string_view time = text.substr(11);
        if (!is_ascii_digits(time.substr(0, 2)) || time[2] != ':' || !is_ascii_digits(time.substr(3, 2)) ||
            to_int(time.substr(0, 2)) > 24 || to_int(time.substr(3, 2)) > 59) {
            return std::nullopt;
        }
        for (char c : time.substr(5)) {
            const bool allowed = is_ascii_digit(c) || c == ':' || c == '.' || c == ',' || c == '+' || c == '-' ||
                                 c == 'Z' || c == 'z';
            if (!allowed) {
                return std::nullopt;
            }
        }
    }
    return format_date(to_int(year), to_int(month), to_int(day));
}

namespace {

// Removes a leading label ("Updated", "Published", …) from the lower-cased `text`; returns
// what kind of date the label announces (published without one).
DateKind take_date_label(std::string& text)
{
    for (std::string_view prefix : {"last updated", "updated", "last modified", "modified", "published", "posted",
                                    "first published", "originally published", "date"}) {
        if (std::string_view(text).starts_with(prefix)) {
            const bool later = std::string_view(prefix).find("updated") != std::string_view::npos ||
                               std::string_view(prefix).find("modified") != std::string_view::npos;
            text.erase(0, prefix.size());
            return later ? DateKind::updated : DateKind::published;
        }
    }
    return DateKind::published;
}

// The words of a date line, split at spaces and commas.
std::vector<std::string> split_date_words(std::string text)
{
    for (char& c : text) {
        if (c == ',') {
            c = ' ';
        }
    }
    std::vector<std::string> words;
    std::string current;
    for (char c : text) {
        if (c == ' ') {
            if (!current.empty()) {
                words.push_back(current);
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        words.push_back(current);
    }
    // A leading ":" after "Updated" stands alone or sticks to the prefix.
    if (!words.empty() && words.front() == ":") {
        words.erase(words.begin());
    }
    return words;
}

// The date the words of a line give, "YYYY-MM-DD": one complete date, or a day, a month name
// and a year in any order among weekdays, times and zones; nullopt for any other word.
std::optional<std::string> read_date_words(const std::vector<std::string>& words)
{
    int year = 0;
    int month = 0;
    int day = 0;
    std::optional<std::string> complete;
    for (std::string word : words) {
        if (word.ends_with(':') && word.size() > 1 && !is_time(word)) {
            word.pop_back();
        }
        if (std::optional<std::string> iso = parse_iso_date(word)) {
            complete = iso;
        } else if (std::optional<std::string> numeric = parse_numeric_date(word)) {
            complete = numeric;
        } else if (is_weekday(word) || is_time(word) || is_zone_or_filler(word) || word == "of") {
            continue;
        } else if (const int named = month_from_name(word); named != 0 && month == 0) {
            month = named;
        } else if (is_ascii_digits(word) && word.size() == 4 && year == 0) {
            year = to_int(word);
        } else if (std::string digits = word;
                   (digits.ends_with("st") || digits.ends_with("nd") || digits.ends_with("rd") ||
                    digits.ends_with("th")) &&
                   is_ascii_digits(digits.substr(0, digits.size() - 2)) && day == 0) {
            day = to_int(digits.substr(0, digits.size() - 2));
        } else if (is_ascii_digits(word) && word.size() <= 2 && day == 0) {
            day = to_int(word);
        } else {
            return std::nullopt;
        }
    }
    if (complete) {
        if (year != 0 || month != 0 || day != 0) {
            return std::nullopt;
        }
        return complete;
    }
    if (!is_valid_day(year, month, day)) {
        return std::nullopt;
    }
    return format_date(year, month, day);
}

} // namespace

std::optional<DateLine> parse_date_line(std::string_view line)
{
    std::string text = to_lower(collapse_whitespace(line));
    if (text.empty() || text.size() > 80) {
        return std::nullopt;
    }
    DateLine result;
    result.kind = take_date_label(text);
    std::optional<std::string> date = read_date_words(split_date_words(text));
    if (!date) {
        return std::nullopt;
    }
    result.date = std::move(*date);
    return result;
}

std::string format_utc_time(std::chrono::system_clock::time_point time, bool with_milliseconds)
{
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss clock(floor<milliseconds>(time - day));
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    std::string result = text;
    if (with_milliseconds) {
        std::snprintf(text, sizeof text, ".%03d", static_cast<int>(clock.subseconds().count()));
        result += text;
    }
    return result + "Z";
}

std::string_view date_kind_name(DateKind kind)
{
    switch (kind) {
    case DateKind::published: return "published";
    case DateKind::updated: return "updated";
    case DateKind::page_banner: return "page-banner";
    }
    return "published";
}

} // namespace dateline
