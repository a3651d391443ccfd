// Parsers for the furniture of a news story, one line or paragraph at a time: bylines, people
// and wire credits, datelines and breadcrumbs. Pure functions; they never guess: a line that is
// not clearly one of these gives nullopt (or an empty string).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// The names in a byline: "By Jane Okafor and Tom Reyes", "By Rafe Lindgren, Sports Reporter",
/// "Jane Okafor, Staff Writer", "Words by X", "Written by X", "Posted by X", "Author: X",
/// "BY JANE OKAFOR".
/// nullopt when the line is not a byline or any name does not look like a name.
std::optional<std::vector<std::string>> parse_byline(std::string_view line);

/// A credit paragraph: wire ("— Reuters", "(Reuters)", "Source: AFP",
/// "— The Associated Press contributed to this report.") or people ("Reporting by Jane Okafor;
/// Editing by Tom Reyes", "(Additional reporting by …)").
struct Credit {
    std::string source;                // the credited wire or agency, or empty
    std::vector<std::string> reporters; // people credited with reporting or writing
};

/// The credit a whole paragraph is, or nullopt when it is anything else.
std::optional<Credit> parse_credit_paragraph(std::string_view paragraph);

/// Takes a wire credit off the end of a story paragraph ("… penalties. –Bloomberg",
/// "… on Friday. (Reuters)") and returns it; returns "" and leaves the paragraph alone when
/// there is none.
std::string take_trailing_credit(std::string& paragraph);

/// A dateline opening the first paragraph: "WASHINGTON (Reuters) - …", "Washington: …",
/// "TOKYO — …", "LONDON, June 5 (AP) — …".
struct DatelineSplit {
    std::string place;  // title-cased when it was written in capitals ("Kestrel Bay")
    std::string agency; // from "(Agency)", or empty
    std::string rest;   // the paragraph without the dateline
};

std::optional<DatelineSplit> split_dateline(std::string_view paragraph);

/// True for a line that is only a breadcrumb trail: "Home > World > Europe",
/// "Business | World News", "News / Politics".
bool is_breadcrumb_line(std::string_view line);

/// The section a breadcrumb names: the most specific crumb of "Home > World > Europe" or of a
/// trail glued without spaces ("HomeWorld"), the first of "Business | World News" (a
/// "section | site" label); "" when it names none.
std::string section_from_breadcrumb(std::string_view crumbs);

/// The section a header label names: "Section: Business", "Category: Local news" -> the name;
/// "" for anything else.
std::string section_from_label(std::string_view line);

/// Text written in capitals in title case ("KESTREL BAY" -> "Kestrel Bay"); other text as is.
std::string title_case_if_shouting(std::string_view text);

} // namespace dateline
