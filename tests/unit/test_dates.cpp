// Unit tests of common/text/dates.h: ISO dates and date-times, leap years, and the date lines of
// scraped pages (which words make a line a date line, and which do not).
#include "common/text/dates.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using dateline::DateKind;
using dateline::DateLine;
using dateline::parse_date_line;
using dateline::parse_iso_date;

TEST_SUITE("dates")
{
    TEST_CASE("reads ISO dates and date-times as the written calendar day")
    {
        struct Row {
            std::string text;
            std::string expected;
        };
        const Row rows[] = {
            {"2021-04-12", "2021-04-12"},
            {"  2021-04-12  ", "2021-04-12"},
            {"2022-07-19T08:45:00Z", "2022-07-19"},
            {"2022-07-19t08:45:00z", "2022-07-19"},
            {"2023-02-01T17:30:00+01:00", "2023-02-01"},
            {"2023-02-01T23:59:59.123-05:00", "2023-02-01"},
            {"2023-02-01 17:30", "2023-02-01"},
            {"2024-02-29", "2024-02-29"}, // leap year
            {"2000-02-29", "2000-02-29"}, // divisible by 400
            {"0001-01-01", "0001-01-01"},
            {"9999-12-31", "9999-12-31"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.text);
            CHECK(parse_iso_date(row.text) == row.expected);
        }
    }

    TEST_CASE("rejects text that is not an ISO date or names an impossible day")
    {
        const std::string rejected[] = {
            "",
            "2023-02-29",  // not a leap year
            "1900-02-29",  // divisible by 100, not by 400
            "2021-02-30",
            "2021-04-31",
            "2021-13-01",
            "2021-00-10",
            "2021-01-00",
            "0000-01-01",
            "21-04-12",
            "2021/04/12",
            "2021-4-12",
            "12 April 2021",
            "2021-04-12T",
            "2021-04-12T25:00",
            "2021-04-12T10:60",
            "2021-04-12X10:00",
            "2021-04-12T10:00 GMT",
            "2021-04-12 and more",
        };
        for (const std::string& text : rejected) {
            CAPTURE(text);
            CHECK(parse_iso_date(text) == std::nullopt);
        }
    }

    TEST_CASE("reads the date lines of news pages")
    {
        struct Row {
            std::string line;
            std::string date;
            DateKind kind;
        };
        const Row rows[] = {
            {"Monday, June 5, 2023", "2023-06-05", DateKind::published},
            {"Published Apr 1, 1987 04:28 GMT", "1987-04-01", DateKind::published},
            {"Updated: 5 June 2023, 14:05", "2023-06-05", DateKind::updated},
            {"Last updated 5 June 2023", "2023-06-05", DateKind::updated},
            {"05/06/2023", "2023-06-05", DateKind::published},  // day first
            {"12/25/2023", "2023-12-25", DateKind::published},  // month first: day first is impossible
            {"31.12.2023", "2023-12-31", DateKind::published},
            {"Jun 5 2023", "2023-06-05", DateKind::published},
            {"June 5th, 2023", "2023-06-05", DateKind::published},
            {"5 Sept. 2023", "2023-09-05", DateKind::published},
            {"2023-06-05", "2023-06-05", DateKind::published},
            {"Posted on 2023-06-05 at 3:30pm", "2023-06-05", DateKind::published},
            {"Thursday 29 February 2024", "2024-02-29", DateKind::published},
            {"2023/06/05", "2023-06-05", DateKind::published}, // year first: then the month
            {"Last modified: 2023.06.05 14:05", "2023-06-05", DateKind::updated},
        };
        for (const Row& row : rows) {
            CAPTURE(row.line);
            const std::optional<DateLine> found = parse_date_line(row.line);
            REQUIRE(found.has_value());
            CHECK(found->date == row.date);
            CHECK(found->kind == row.kind);
        }
    }

    TEST_CASE("does not take other lines for date lines")
    {
        const std::string lines[] = {
            "Support Our Journalism",
            "June is a month",
            "Text Size:",
            "",
            "Monday",
            "May 2023",                 // no day
            "February 30, 2023",        // impossible day
            "Thursday 29 February 2023", // not a leap year
            "13/13/2023",
            "2023/13/05",
            "Published by the harbour board",
            "June 5, 2023 was a Monday",
        };
        for (const std::string& line : lines) {
            CAPTURE(line);
            CHECK(parse_date_line(line) == std::nullopt);
        }
    }

    TEST_CASE("names each date kind as the extract output spells it")
    {
        CHECK(dateline::date_kind_name(DateKind::published) == "published");
        CHECK(dateline::date_kind_name(DateKind::updated) == "updated");
        CHECK(dateline::date_kind_name(DateKind::page_banner) == "page-banner");
    }

    TEST_CASE("knows the length of each month in leap and common years")
    {
        CHECK(dateline::is_valid_day(2024, 2, 29));
        CHECK_FALSE(dateline::is_valid_day(2023, 2, 29));
        CHECK(dateline::is_valid_day(2023, 12, 31));
        CHECK_FALSE(dateline::is_valid_day(2023, 11, 31));
        CHECK_FALSE(dateline::is_valid_day(2023, 0, 1));
        CHECK_FALSE(dateline::is_valid_day(0, 1, 1));
    }

    TEST_CASE("reads stored dates and knows their day of the week")
    {
        const auto day = dateline::read_stored_date("2023-06-05");
        REQUIRE(day);
        CHECK(day->year == 2023);
        CHECK(day->month == 6);
        CHECK(day->day == 5);
        CHECK(dateline::day_of_week(*day) == 1); // a Monday
        CHECK(dateline::day_of_week({1970, 1, 1}) == 4);
        CHECK(dateline::day_of_week({2000, 2, 29}) == 2);
        CHECK(dateline::day_of_week({1987, 4, 1}) == 3);
        for (const char* text : {"2023-6-05", "2023-02-30", "2023-06-05T10:00", "", "abcd-ef-gh", "-023-06-05"}) {
            CAPTURE(text);
            CHECK_FALSE(dateline::read_stored_date(text));
        }
    }

    TEST_CASE("formats a time in UTC as ISO 8601, with or without milliseconds")
    {
        using namespace std::chrono;
        const system_clock::time_point time = sys_days{year{2024} / 2 / 29} + hours{23} + minutes{5} + seconds{9} +
                                              milliseconds{42};
        CHECK(dateline::format_utc_time(time, false) == "2024-02-29T23:05:09Z");
        CHECK(dateline::format_utc_time(time, true) == "2024-02-29T23:05:09.042Z");
        CHECK(dateline::format_utc_time(sys_days{year{1999} / 12 / 31}, true) == "1999-12-31T00:00:00.000Z");
    }
}
