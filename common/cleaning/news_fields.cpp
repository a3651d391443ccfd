#include "common/cleaning/news_fields.h"

#include "common/cleaning/chrome_rules.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <array>

namespace dateline {
namespace {

constexpr std::size_t k_max_byline_words = 16;
constexpr std::size_t k_max_credit_line_words = 25; // "Reporting by A, B and C; Writing by D; Editing by E"
constexpr std::size_t k_max_name_words = 4;
constexpr std::size_t k_max_credit_words = 5;
constexpr std::size_t k_max_credit_tail = 80; // bytes at the end of a paragraph that may hold a credit
constexpr std::size_t k_max_place_words = 4;
constexpr std::size_t k_max_dateline_head = 60;
constexpr std::size_t k_max_crumb_words = 3;
constexpr std::size_t k_max_crumbs = 6;

constexpr std::string_view k_em_dash = "\xE2\x80\x94";
constexpr std::string_view k_en_dash = "\xE2\x80\x93";

// A word that starts with a capital (ASCII, or a non-ASCII letter, which we cannot case-check cheaply).
bool is_capitalised(std::string_view word)
{
    return !word.empty() && (is_ascii_upper(word[0]) || static_cast<unsigned char>(word[0]) >= 0xC3);
}

// Splits on every occurrence of `separator`, trimming the parts and dropping empty ones.
std::vector<std::string> split_on(std::string_view text, std::string_view separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = text.find(separator, start);
        const std::string_view part = trim(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (!part.empty()) {
            parts.emplace_back(part);
        }
        if (at == std::string_view::npos) {
            return parts;
        }
        start = at + separator.size();
    }
}

// Name particles written in lower case: "Ludwig van Beethoven", "Ana de la Cruz".
bool is_particle(std::string_view word)
{
    static constexpr std::array<std::string_view, 20> k_particles = {
        "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "al", "el", "bin", "ibn",
        "y", "dos", "das", "ter"};
    return std::find(k_particles.begin(), k_particles.end(), word) != k_particles.end();
}

bool is_name(std::string_view name)
{
    const std::vector<std::string_view> words = split_at_spaces(name);
    if (words.size() < 2 || words.size() > k_max_name_words + 1 || has_ascii_digit(name)) {
        return false;
    }
    for (char c : name) {
        if (c == ':' || c == ';' || c == '@' || c == '/' || c == '(' || c == ')' || c == '|' || c == '"') {
            return false;
        }
    }
    return std::all_of(words.begin(), words.end(),
                       [](std::string_view word) { return is_capitalised(word) || is_particle(word); });
}

struct AgencyAlias {
    std::string_view alias; // lower case, without "the"
    std::string_view name;  // the name the agency signs with
};

// The agencies whose names are written in several ways, each with the name it signs with.
constexpr std::array<AgencyAlias, 33> k_agencies = {{
    {"reuters", "Reuters"}, {"thomson reuters", "Reuters"},
    {"ap", "Associated Press"}, {"associated press", "Associated Press"},
    {"afp", "AFP"}, {"agence france-presse", "AFP"}, {"agence france presse", "AFP"},
    {"agence france\xE2\x80\x91presse", "AFP"},
    {"bloomberg", "Bloomberg"}, {"bloomberg news", "Bloomberg"},
    {"upi", "UPI"}, {"united press international", "UPI"},
    {"pa", "PA Media"}, {"pa media", "PA Media"}, {"press association", "PA Media"},
    {"dpa", "dpa"}, {"deutsche presse-agentur", "dpa"},
    {"xinhua", "Xinhua"}, {"kyodo", "Kyodo News"}, {"kyodo news", "Kyodo News"},
    {"yonhap", "Yonhap"}, {"ansa", "ANSA"}, {"efe", "EFE"}, {"tass", "TASS"}, {"itar-tass", "TASS"},
    {"pti", "PTI"}, {"press trust of india", "PTI"}, {"ani", "ANI"},
    {"canadian press", "Canadian Press"}, {"cp", "Canadian Press"},
    {"aap", "AAP"}, {"australian associated press", "AAP"}, {"ians", "IANS"},
}};

// What follows an agency's name to describe it: "Reuters news agency", "Associated Press writer".
constexpr std::array<std::string_view, 16> k_agency_descriptors = {
    "news agency", "press agency", "wire service", "news service", "newswire", "agency", "wire", "news",
    "writers", "writer", "reporters", "reporter", "correspondents", "correspondent", "staff", "photographer"};

std::optional<std::string_view> agency_alias(std::string_view lower)
{
    for (const AgencyAlias& agency : k_agencies) {
        if (agency.alias == lower) {
            return agency.name;
        }
    }
    return std::nullopt;
}

// `name` (no brackets, dashes or "the") without a describing tail ("news agency", "writer"),
// repeatedly; `lower_only` keeps a tail written with capitals ("Meridian News Agency" is a name).
std::string_view without_descriptors(std::string_view name, bool lower_only)
{
    for (bool stripped = true; stripped;) {
        stripped = false;
        const std::string lower = ascii_lower(name);
        for (std::string_view descriptor : k_agency_descriptors) {
            const std::size_t at = name.size() - std::min(name.size(), descriptor.size());
            const bool written_lower = name.substr(at) == descriptor;
            if (lower.size() > descriptor.size() + 1 && lower.ends_with(descriptor) && lower[at - 1] == ' ' &&
                (written_lower || !lower_only)) {
                name = trim(name.substr(0, at));
                stripped = true;
                break;
            }
        }
    }
    return name;
}

// The name a known agency signs with, however the credit wrote it, or nullopt.
std::optional<std::string_view> known_agency(std::string_view name)
{
    if (name.starts_with("The ") || name.starts_with("the ")) {
        name.remove_prefix(4);
    }
    if (std::optional<std::string_view> found = agency_alias(ascii_lower(name))) {
        return found;
    }
    return agency_alias(ascii_lower(without_descriptors(name, false)));
}

// A wire or agency: one capitalised word ("Reuters", "AFP"), a known agency
// ("Agence France-Presse") or a name with an agency word in it.
bool is_agency_name(std::string_view name)
{
    if (known_agency(name)) {
        return true;
    }
    const std::vector<std::string_view> words = split_at_spaces(name);
    if (words.empty() || words.size() > k_max_credit_words || has_ascii_digit(name) || !is_capitalised(words.front())) {
        return false;
    }
    if (words.size() == 1) {
        return true;
    }
    static constexpr std::array<std::string_view, 11> k_agency_words = {
        "news", "agency", "press", "service", "wire", "wires", "media", "associated", "bureau", "network", "newswire"};
    const std::string lower = ascii_lower(name);
    return std::any_of(k_agency_words.begin(), k_agency_words.end(),
                       [&](std::string_view word) { return contains_word(lower, word); });
}

// A job title after a name: "Staff Writer", "Senior Reporters", "Environment Correspondent".
bool is_role(std::string_view text)
{
    static constexpr std::array<std::string_view, 16> k_roles = {
        "writer", "reporter", "editor", "correspondent", "staff", "columnist", "contributor", "journalist",
        "critic", "analyst", "producer", "chief", "desk", "special to", "freelance", "intern"};
    std::string lower = ascii_lower(text);
    // "Staff Writers", "Correspondents": the plural of the last word names the same role.
    if (lower.ends_with('s')) {
        lower.pop_back();
    }
    return std::any_of(k_roles.begin(), k_roles.end(), [&](std::string_view role) { return contains_word(lower, role); });
}

std::string without_final_period(std::string_view text)
{
    text = trim(text);
    while (!text.empty() && (text.back() == '.' || text.back() == ',')) {
        text.remove_suffix(1);
    }
    return std::string(trim(text));
}

std::string without_leading_the(std::string_view text)
{
    if (text.starts_with("The ") || text.starts_with("the ")) {
        text.remove_prefix(4);
    }
    return std::string(text);
}

// "and Ada Soto" after an Oxford comma, "& Ada Soto": the name without the conjunction.
std::string_view without_conjunction(std::string_view part)
{
    for (std::string_view conjunction : {std::string_view("and "), std::string_view("AND "), std::string_view("& ")}) {
        if (part.starts_with(conjunction)) {
            return trim(part.substr(conjunction.size()));
        }
    }
    return part;
}

// Names joined by ", ", "; ", " and " (" AND " in a byline written in capitals), " & ", with or
// without an Oxford comma ("A, B, and C").
std::vector<std::string> split_names(std::string_view text)
{
    std::vector<std::string> names;
    std::vector<std::string> parts = {std::string(text)};
    for (std::string_view separator : {", ", "; ", " and ", " AND ", " & "}) {
        std::vector<std::string> finer;
        for (const std::string& part : parts) {
            for (const std::string& piece : split_on(without_conjunction(part), separator)) {
                finer.push_back(piece);
            }
        }
        parts = std::move(finer);
    }
    return parts;
}

// The text after a leading dash ("— Reuters", "–Bloomberg"), or nullopt.
std::optional<std::string_view> after_dash(std::string_view text)
{
    for (std::string_view dash : {k_em_dash, k_en_dash, std::string_view("--"), std::string_view("-")}) {
        if (text.starts_with(dash)) {
            return trim(text.substr(dash.size()));
        }
    }
    return std::nullopt;
}

bool is_credit_name(std::string_view text)
{
    const std::size_t words = count_words(text);
    return words >= 1 && words <= k_max_credit_words && is_capitalised(text) && !ends_sentence(text) &&
           !has_ascii_digit(text) && text.find(':') == std::string_view::npos;
}

// "Reporting by A and B; Editing by C" -> reporters A, B (agencies among them become the source).
std::optional<Credit> parse_people_credit(std::string_view text)
{
    static constexpr std::array<std::string_view, 9> k_reporting = {
        "additional reporting by", "reporting by", "reported by", "writing by", "written by", "compiled by",
        "research by", "editing by", "edited by"};
    const std::string lower = ascii_lower(text);
    if (std::none_of(k_reporting.begin(), k_reporting.end(),
                     [&](std::string_view lead) { return lower.starts_with(lead); })) {
        return std::nullopt;
    }
    Credit credit;
    for (const std::string& segment : split_on(text, ";")) {
        const std::string segment_lower = ascii_lower(segment);
        const std::size_t by = segment_lower.find(" by ");
        if (by == std::string::npos) {
            return std::nullopt;
        }
        const std::string_view role = std::string_view(segment_lower).substr(0, by);
        const bool reporting = role.find("editing") == std::string_view::npos && role.find("edited") == std::string_view::npos;
        for (const std::string& name : split_names(without_final_period(std::string_view(segment).substr(by + 4)))) {
            if (is_name(name) && !is_agency_name(name)) {
                if (reporting) {
                    credit.reporters.push_back(title_case_if_shouting(name));
                }
            } else if (is_agency_name(name)) {
                if (credit.source.empty()) {
                    credit.source = canonical_source(name);
                }
            } else {
                return std::nullopt;
            }
        }
    }
    return credit;
}

// "June", "Jun", "Jun.", "Sept", "Monday", "Mon": a month or weekday name or its abbreviation.
bool is_month_or_weekday(std::string_view word)
{
    static constexpr std::array<std::string_view, 19> k_names = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    std::string lower = ascii_lower(word.substr(0, word.find(' ')));
    while (!lower.empty() && (lower.back() == '.' || lower.back() == ',')) {
        lower.pop_back();
    }
    return lower.size() >= 3 && std::any_of(k_names.begin(), k_names.end(),
                                            [&](std::string_view name) { return name.starts_with(lower); });
}

// Words that open "Word: …" paragraphs without being places.
bool is_label_word(std::string_view word)
{
    static constexpr std::array<std::string_view, 40> k_labels = {
        "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "president", "minister",
        "note", "update", "updated", "correction", "clarification", "photo", "image", "source", "sources",
        "tags", "watch", "listen", "read", "analysis", "opinion", "comment", "exclusive", "breaking", "live",
        "warning", "video", "question", "answer", "summary", "background", "editor's", "editors", "also"};
    std::string lower = ascii_lower(word);
    while (!lower.empty() && (lower.back() == '.' || lower.back() == ',')) {
        lower.pop_back();
    }
    return std::find(k_labels.begin(), k_labels.end(), lower) != k_labels.end();
}

// An upper-case letter of Latin-1 ("À" to "Þ", not "×") written in UTF-8 at `at`.
bool is_latin1_upper(std::string_view text, std::size_t at)
{
    if (at + 1 >= text.size() || static_cast<unsigned char>(text[at]) != 0xC3) {
        return false;
    }
    const auto next = static_cast<unsigned char>(text[at + 1]);
    return next >= 0x80 && next <= 0x9E && next != 0x97;
}

bool is_shouting(std::string_view text)
{
    bool letters = false;
    for (char c : text) {
        if (is_ascii_lower(c)) {
            return false;
        }
        letters = letters || is_ascii_upper(c);
    }
    return letters;
}

// Separators of breadcrumb trails, and whether a trail uses the "section | site" form.
constexpr std::array<std::string_view, 7> k_crumb_separators = {
    " > ", " \xE2\x80\xBA " /* › */, " \xC2\xBB " /* » */, " | ", " / ", " \xC2\xB7 " /* · */, " \\ "};

std::vector<std::string> crumb_parts(std::string_view crumbs, bool& pipe)
{
    std::string separated;
    pipe = false;
    for (std::size_t i = 0; i < crumbs.size();) {
        std::size_t matched = 0;
        for (std::string_view separator : {std::string_view("\xE2\x80\xBA"), std::string_view("\xC2\xBB"),
                                           std::string_view(">"), std::string_view("/"), std::string_view("|"),
                                           std::string_view("\xC2\xB7"), std::string_view("\\")}) {
            if (crumbs.substr(i).starts_with(separator)) {
                matched = separator.size();
                pipe = pipe || separator == "|";
                break;
            }
        }
        separated += matched != 0 ? '\n' : crumbs[i];
        i += matched != 0 ? matched : 1;
    }
    std::vector<std::string> parts;
    for (std::string_view segment : split_lines(separated)) {
        // Crumbs glued without spaces split where a capital follows a lower-case letter.
        std::string current;
        for (char c : segment) {
            if (is_ascii_upper(c) && !current.empty() && is_ascii_lower(current.back())) {
                parts.emplace_back(trim(current));
                current.clear();
            }
            current += c;
        }
        if (!trim(current).empty()) {
            parts.emplace_back(trim(current));
        }
    }
    std::erase_if(parts, [](const std::string& part) { return part.empty(); });
    return parts;
}

// Separators of items set side by side in a menu: "Home | World | Business", "News · Sport".
constexpr std::array<std::string_view, 3> k_menu_separators = {" | ", " \xC2\xB7 " /* · */,
                                                               " \xE2\x80\xA2 " /* • */};
constexpr std::size_t k_max_menu_words = 30;

bool is_generic_crumb(std::string_view part)
{
    static constexpr std::array<std::string_view, 8> k_generic = {
        "home", "news", "homepage", "home page", "index", "main", "front page", "latest"};
    const std::string lower = ascii_lower(part);
    return std::find(k_generic.begin(), k_generic.end(), lower) != k_generic.end();
}

// The text of a byline after its lead ("By ", "Words by ", "Author: "); `led` tells whether it had one.
std::string_view without_byline_lead(std::string_view text, bool& led)
{
    static constexpr std::array<std::string_view, 10> k_leads = {
        "by: ",         "by ",         "words by ", "written by ", "story by ", "text by ", "reported by ",
        "posted by ", "authors: ", "author: "};
    const std::string lower = ascii_lower(text.substr(0, 16));
    for (std::string_view lead : k_leads) {
        if (lower.starts_with(lead)) {
            led = true;
            return trim(text.substr(lead.size()));
        }
    }
    led = false;
    return text;
}

// The names of a byline after its lead: "A, B, and C", "A, Staff Writer, and B, Senior Reporter",
// "A and B, Reuters", "A in Kestrel Bay". Job titles and a final one-word agency are not names;
// a line without a lead ("By") is a byline only when a job title marks it ("A, Staff Writer").
std::optional<std::vector<std::string>> byline_names(std::string_view text, bool led)
{
    const std::vector<std::string> parts = split_names(text);
    std::vector<std::string> authors;
    bool role = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string name = parts[i];
        // "By Jane Okafor, Associated Press Writer": the agency is not an author.
        if (i > 0 && known_agency(name)) {
            role = true;
            continue;
        }
        if (i > 0 && is_role(name)) {
            role = true;
            continue;
        }
        if (led && i > 0 && i + 1 == parts.size() && count_words(name) == 1 && is_agency_name(name)) {
            continue;
        }
        // "By Jane Okafor in Kestrel Bay": the place is not part of the name.
        if (const std::size_t in = name.find(" in "); in != std::string::npos && led) {
            name.erase(in);
        }
        if (!is_name(name)) {
            return std::nullopt;
        }
        authors.push_back(title_case_if_shouting(name));
    }
    if (authors.empty() || (!led && !role)) {
        return std::nullopt;
    }
    return authors;
}

} // namespace

std::string canonical_source(std::string_view credit)
{
    std::string_view name = trim(credit);
    if (const std::optional<std::string_view> rest = after_dash(name)) {
        name = *rest;
    }
    if (name.size() > 2 && name.front() == '(' && name.back() == ')') {
        name = trim(name.substr(1, name.size() - 2));
    }
    while (!name.empty() && (name.back() == '.' || name.back() == ',')) {
        name.remove_suffix(1);
    }
    // "AFP via Getty Images": the agency is the one that took or wrote it.
    if (const std::size_t via = ascii_lower(name).find(" via "); via != std::string::npos) {
        name = name.substr(0, via);
    }
    const std::string without_the = without_leading_the(trim(name));
    if (const std::optional<std::string_view> known = known_agency(without_the)) {
        return std::string(*known);
    }
    return without_leading_the(without_descriptors(without_the, true));
}

std::string title_case_if_shouting(std::string_view text)
{
    std::string out(text);
    if (!is_shouting(text)) {
        return out;
    }
    bool word_start = true;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char& c = out[i];
        if (is_ascii_upper(c)) {
            c = word_start ? c : to_ascii_lower(c);
            word_start = false;
        } else if (is_latin1_upper(out, i)) {
            // "ENGSTRÖM" -> "Engström": the lower-case letter is 0x20 further on.
            out[i + 1] = word_start ? out[i + 1] : static_cast<char>(out[i + 1] + 0x20);
            word_start = false;
            ++i;
        } else {
            word_start = c == ' ' || c == '-' || c == '\'' || c == '.';
        }
    }
    return out;
}

std::optional<std::vector<std::string>> parse_byline(std::string_view line)
{
    std::string_view text = trim(line);
    if (text.empty() || count_words(text) > k_max_credit_line_words) {
        return std::nullopt;
    }
    // "Reporting by A and B; Editing by C": the people who reported or wrote, not the editors.
    if (const std::optional<Credit> credit = parse_people_credit(text); credit && !credit->reporters.empty()) {
        return credit->reporters;
    }
    if (count_words(text) > k_max_byline_words || ends_sentence(text)) {
        return std::nullopt;
    }
    bool led = false;
    const std::string_view names = without_byline_lead(text, led);
    return byline_names(names, led);
}

std::string byline_source(std::string_view line)
{
    if (!parse_byline(line)) {
        return {};
    }
    bool led = false;
    const std::vector<std::string> parts = split_names(without_byline_lead(trim(line), led));
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const bool last_word = led && i + 1 == parts.size() && count_words(parts[i]) == 1 && is_agency_name(parts[i]);
        if (known_agency(parts[i]) || last_word) {
            return canonical_source(parts[i]);
        }
    }
    return {};
}

std::optional<Credit> parse_credit_paragraph(std::string_view paragraph)
{
    std::string_view text = trim(paragraph);
    if (text.empty() || count_words(text) > 25) {
        return std::nullopt;
    }
    bool marked = false;
    if (const std::optional<std::string_view> rest = after_dash(text)) {
        text = *rest;
        marked = true;
    } else if (text.size() > 2 && text.front() == '(' && text.back() == ')') {
        text = trim(text.substr(1, text.size() - 2));
        marked = true;
    }
    if (std::optional<Credit> people = parse_people_credit(text)) {
        return people;
    }
    const std::string lower = ascii_lower(text);
    for (std::string_view tail : {std::string_view(" contributed to this report"), std::string_view(" contributed reporting")}) {
        const std::string body = without_final_period(lower);
        if (body.ends_with(tail)) {
            const std::string who = without_leading_the(without_final_period(text).substr(0, body.size() - tail.size()));
            Credit credit;
            for (const std::string& name : split_names(who)) {
                if (is_agency_name(name) && credit.source.empty()) {
                    credit.source = canonical_source(name);
                }
            }
            return credit;
        }
    }
    if (lower.starts_with("source: ") || lower.starts_with("sources: ")) {
        const std::string who = without_final_period(text.substr(text.find(':') + 1));
        if (is_credit_name(who)) {
            return Credit{canonical_source(who), {}};
        }
        return std::nullopt;
    }
    if (marked && is_credit_name(text)) {
        return Credit{canonical_source(text), {}};
    }
    return std::nullopt;
}

std::string take_trailing_credit(std::string& paragraph)
{
    const std::string_view whole = trim(paragraph);
    // A credit is a few words at the very end: only the tail is searched, and only when it
    // holds a dash or a bracket at all (most paragraphs end "…, she said.").
    const std::size_t tail_start = whole.size() > k_max_credit_tail ? whole.size() - k_max_credit_tail : 0;
    const std::string_view tail = whole.substr(tail_start);
    if (tail.find_first_of("-(\xE2") == std::string_view::npos) {
        return {};
    }
    for (std::string_view dash : {k_en_dash, k_em_dash, std::string_view("--"), std::string_view("-")}) {
        std::size_t at = whole.substr(tail_start).rfind(dash);
        at = at == std::string_view::npos ? at : at + tail_start;
        if (at == std::string_view::npos || at == 0) {
            continue;
        }
        const std::string_view before = trim(whole.substr(0, at));
        const std::string_view credit = trim(whole.substr(at + dash.size()));
        // A hyphen must follow a finished sentence ("said. - Reuters"); a dash set off by a space
        // before it may follow anything, such as a table row ("… vs one mln –Reuters").
        const bool apart = whole[at - 1] == ' ';
        const bool signs_off = dash == "-" ? ends_sentence(before) : true;
        if (!apart || !signs_off || !is_credit_name(credit) || !is_agency_name(credit)) {
            continue;
        }
        std::string source = canonical_source(credit);
        paragraph = std::string(before);
        return source;
    }
    if (whole.ends_with(')')) {
        const std::size_t open = whole.rfind('(');
        if (open != std::string_view::npos && open > 0) {
            const std::string_view inside = whole.substr(open + 1, whole.size() - open - 2);
            const std::string_view before = trim(whole.substr(0, open));
            if (is_credit_name(inside) && is_agency_name(inside) && ends_sentence(before)) {
                std::string source = canonical_source(inside);
                paragraph = std::string(before);
                return source;
            }
        }
    }
    return {};
}

namespace {

struct DatelineSeparator {
    std::string_view text;
    enum Kind { colon, hyphen, dash } kind;
};

constexpr std::array<DatelineSeparator, 7> k_dateline_separators = {{
    {": ", DatelineSeparator::colon},
    {" \xE2\x80\x94 ", DatelineSeparator::dash},
    {" \xE2\x80\x93 ", DatelineSeparator::dash},
    {"\xE2\x80\x94", DatelineSeparator::dash},
    {" -- ", DatelineSeparator::hyphen},
    {" - ", DatelineSeparator::hyphen},
    {" \xE2\x80\x95 ", DatelineSeparator::dash},
}};

// The separator that comes first in the paragraph's head, and where (`at`); null for none.
const DatelineSeparator* find_dateline_separator(std::string_view paragraph, std::size_t& at)
{
    at = std::string_view::npos;
    const DatelineSeparator* separator = nullptr;
    // The dateline opens the paragraph: only its head is searched.
    const std::string_view head_area = paragraph.substr(0, k_max_dateline_head + 8);
    for (const DatelineSeparator& candidate : k_dateline_separators) {
        const std::size_t found = head_area.find(candidate.text);
        if (found != std::string_view::npos && found < at) {
            at = found;
            separator = &candidate;
        }
    }
    return separator;
}

// "WASHINGTON (Reuters)": moves the agency credited in brackets at the end of `head` to
// `agency`; false when the brackets hold no credit.
bool take_dateline_agency(std::string_view& head, std::string& agency)
{
    const std::size_t open = head.rfind('(');
    if (open == std::string_view::npos || open == 0) {
        return false;
    }
    const std::string_view credited = trim(head.substr(open + 1, head.size() - open - 2));
    if (!is_credit_name(credited)) {
        return false;
    }
    agency = canonical_source(credited);
    head = trim(head.substr(0, open));
    return true;
}

// A dateline's place: a few capitalised words (or particles), without digits or quotation
// marks, not opening with a label, a month or a weekday.
bool is_dateline_place(std::string_view head, const std::vector<std::string_view>& words)
{
    if (words.empty() || words.size() > k_max_place_words || has_ascii_digit(head) || is_label_word(words.front()) ||
        is_month_or_weekday(words.front()) || head.find('"') != std::string_view::npos) {
        return false;
    }
    for (std::string_view word : words) {
        if (word.ends_with(',')) {
            word.remove_suffix(1);
        }
        if (!is_capitalised(word) && !is_particle(word)) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<DatelineSplit> split_dateline(std::string_view paragraph)
{
    std::size_t best = std::string_view::npos;
    const DatelineSeparator* separator = find_dateline_separator(paragraph, best);
    if (separator == nullptr || best == 0 || best > k_max_dateline_head) {
        return std::nullopt;
    }
    std::string_view head = trim(paragraph.substr(0, best));
    DatelineSplit split;
    split.rest = std::string(trim(paragraph.substr(best + separator->text.size())));
    if (split.rest.empty()) {
        return std::nullopt;
    }
    if (head.ends_with(')') && !take_dateline_agency(head, split.agency)) {
        return std::nullopt;
    }
    // "LONDON, June 5": the date after the place is not part of it; "BEIJING, China" is.
    if (const std::size_t comma = head.find(", "); comma != std::string_view::npos) {
        const std::string_view tail = head.substr(comma + 2);
        if (is_month_or_weekday(tail) || has_ascii_digit(tail)) {
            head = head.substr(0, comma);
        }
    }
    const std::vector<std::string_view> words = split_at_spaces(head);
    if (!is_dateline_place(head, words)) {
        return std::nullopt;
    }
    const bool shouting = is_shouting(head);
    if (separator->kind == DatelineSeparator::hyphen && !shouting && split.agency.empty()) {
        return std::nullopt;
    }
    if (separator->kind == DatelineSeparator::dash && !shouting && split.agency.empty() && words.size() > 3) {
        return std::nullopt;
    }
    split.place = title_case_if_shouting(head);
    return split;
}

bool is_navigation_menu(std::string_view line)
{
    line = trim(line);
    if (count_words(line) > k_max_menu_words || has_ascii_digit(line) || ends_sentence(line)) {
        return false;
    }
    const bool listed = std::any_of(k_menu_separators.begin(), k_menu_separators.end(),
                                    [&](std::string_view separator) { return line.find(separator) != std::string_view::npos; });
    const bool trail = std::any_of(k_crumb_separators.begin(), k_crumb_separators.end(),
                                   [&](std::string_view separator) { return line.find(separator) != std::string_view::npos; });
    if (!listed && !trail) {
        return false;
    }
    bool pipe = false;
    const std::vector<std::string> parts = crumb_parts(line, pipe);
    const bool all_names = std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
        return count_words(part) <= k_max_crumb_words && is_capitalised(part);
    });
    // Side by side ("Home | World | Business") a menu lists three or more; a trail
    // ("Home > World > Europe") is that deep only rarely, never more than k_max_crumbs.
    return all_names && ((listed && parts.size() >= 3) || parts.size() > k_max_crumbs);
}

bool is_breadcrumb_line(std::string_view line)
{
    line = trim(line);
    if (is_navigation_menu(line)) {
        return true;
    }
    if (count_words(line) > 10 || has_ascii_digit(line) || ends_sentence(line)) {
        return false;
    }
    const bool separated = std::any_of(k_crumb_separators.begin(), k_crumb_separators.end(),
                                       [&](std::string_view separator) { return line.find(separator) != std::string_view::npos; });
    if (!separated) {
        return false;
    }
    bool pipe = false;
    const std::vector<std::string> parts = crumb_parts(line, pipe);
    if (parts.size() < 2 || parts.size() > k_max_crumbs) {
        return false;
    }
    return std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
        return count_words(part) <= k_max_crumb_words && is_capitalised(part);
    });
}

std::string section_from_label(std::string_view line)
{
    static constexpr std::array<std::string_view, 4> k_labels = {"section: ", "category: ", "department: ",
                                                                 "desk: "};
    line = trim(line);
    const std::string lower = ascii_lower(line.substr(0, 16));
    for (std::string_view label : k_labels) {
        if (lower.starts_with(label)) {
            const std::string_view name = trim(line.substr(label.size()));
            if (!name.empty() && count_words(name) <= k_max_crumb_words && is_capitalised(name) && !has_ascii_digit(name) &&
                !ends_sentence(name) && name.find(',') == std::string_view::npos) {
                return std::string(name);
            }
        }
    }
    return {};
}

std::string section_from_breadcrumb(std::string_view crumbs)
{
    if (is_navigation_menu(crumbs)) {
        return {}; // every section the site has, not the story's
    }
    bool pipe = false;
    std::vector<std::string> parts = crumb_parts(trim(crumbs), pipe);
    if (parts.size() > k_max_crumbs) {
        return {};
    }
    for (const std::string& part : parts) {
        if (count_words(part) > k_max_crumb_words || !is_capitalised(part) || has_ascii_digit(part)) {
            return {};
        }
    }
    std::erase_if(parts, [](const std::string& part) { return is_generic_crumb(part); });
    if (parts.empty()) {
        return {};
    }
    return pipe ? parts.front() : parts.back();
}

} // namespace dateline
