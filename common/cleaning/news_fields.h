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

/// The name a wire or agency signs with, from a credit written any way: "(AP)", "The Associated
/// Press", "Associated Press writer" -> "Associated Press"; "— Agence France-Presse", "AFP via
/// Getty Images" -> "AFP"; "Reuters news agency", "Thomson Reuters" -> "Reuters". Known agencies
/// (Reuters, Associated Press, AFP, Bloomberg, UPI, PA Media, dpa, Xinhua, Kyodo News, Yonhap,
/// ANSA, EFE, TASS, PTI, ANI, IANS, Canadian Press, AAP) get their own name; any other keeps its
/// name without "The" and without a describing tail written in lower case ("Meridian news
/// agency" -> "Meridian"; "Meridian News Agency" stays). Every source the parsers below return
/// has gone through it.
std::string canonical_source(std::string_view credit);

/// The agency a byline names after its authors, by canonical_source: "By Jane Okafor,
/// Associated Press Writer" -> "Associated Press", "By A and B, Reuters" -> "Reuters"; "" when
/// it names none or the line is not a byline.
std::string byline_source(std::string_view line);

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

/// True for a line that is a site's navigation menu: three or more section names side by side
/// ("Home | World | Business | Sport", "News · Sport · Culture"), or more names than any trail
/// has. A menu names every section, so it names none of the story's.
bool is_navigation_menu(std::string_view line);

/// True for a line that is only a breadcrumb trail ("Home > World > Europe",
/// "Business | World News", "News / Politics") or a navigation menu.
bool is_breadcrumb_line(std::string_view line);

/// The section a breadcrumb names ("" for a navigation menu): the most specific crumb of "Home > World > Europe" or of a
/// trail glued without spaces ("HomeWorld"), the first of "Business | World News" (a
/// "section | site" label); "" when it names none.
std::string section_from_breadcrumb(std::string_view crumbs);

/// The section a header label names: "Section: Business", "Category: Local news" -> the name;
/// "" for anything else.
std::string section_from_label(std::string_view line);

/// Text written in capitals in title case ("KESTREL BAY" -> "Kestrel Bay"); other text as is.
std::string title_case_if_shouting(std::string_view text);

} // namespace dateline
