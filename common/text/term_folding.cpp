#include "common/text/term_folding.h"

#include <xapian.h>

#include <array>
#include <vector>

namespace dateline {
namespace {

// Base letters of U+00C0..U+017F, one per code point; '*' marks the few that fold to two
// letters or not at all (see fold_special).
constexpr std::string_view k_latin_folds = "AAAAAA*CEEEEIIII"
                                           "DNOOOOO*OUUUUY**"
                                           "aaaaaa*ceeeeiiii"
                                           "dnooooo*ouuuuy*y"
                                           "AaAaAaCcCcCcCcDd"
                                           "DdEeEeEeEeEeGgGg"
                                           "GgGgHhHhIiIiIiIi"
                                           "Ii**JjKkkLlLlLlL"
                                           "lLlNnNnNnnNnOoOo"
                                           "Oo**RrRrRrSsSsSs"
                                           "SsTtTtTtUuUuUuUu"
                                           "UuUuWwYyYZzZzZzs";

struct Fold {
    unsigned from;
    std::string_view to;
};

// Ligatures and letters outside the table above that fold to a different letter.
constexpr std::array<Fold, 48> k_special_folds = {{
    {0xC6, "AE"},   {0xDE, "TH"},  {0xDF, "ss"},  {0xE6, "ae"},  {0xFE, "th"},  {0x132, "IJ"},
    {0x133, "ij"},  {0x152, "OE"}, {0x153, "oe"}, {0x1A0, "O"},  {0x1A1, "o"},  {0x1AF, "U"},
    {0x1B0, "u"},   {0x218, "S"},  {0x219, "s"},  {0x21A, "T"},  {0x21B, "t"},
    // Greek letters with tonos or dialytika
    {0x386, "\xCE\x91"}, {0x388, "\xCE\x95"}, {0x389, "\xCE\x97"}, {0x38A, "\xCE\x99"},
    {0x38C, "\xCE\x9F"}, {0x38E, "\xCE\xA5"}, {0x38F, "\xCE\xA9"}, {0x390, "\xCE\xB9"},
    {0x3AA, "\xCE\x99"}, {0x3AB, "\xCE\xA5"}, {0x3AC, "\xCE\xB1"}, {0x3AD, "\xCE\xB5"},
    {0x3AE, "\xCE\xB7"}, {0x3AF, "\xCE\xB9"}, {0x3B0, "\xCF\x85"}, {0x3CA, "\xCE\xB9"},
    {0x3CB, "\xCF\x85"}, {0x3CC, "\xCE\xBF"}, {0x3CD, "\xCF\x85"}, {0x3CE, "\xCF\x89"},
    // Cyrillic yo
    {0x401, "\xD0\x95"}, {0x451, "\xD0\xB5"},
    // Typographic apostrophes, so that "Müller’s" and "Muller's" are one word
    {0x2018, "'"}, {0x2019, "'"}, {0x201B, "'"}, {0x2032, "'"},
    // Non-breaking hyphen and the hyphen character: an ordinary hyphen
    {0x2010, "-"}, {0x2011, "-"},
    // Full-width and small ampersands
    {0xFF06, "&"}, {0xFE60, "&"}, {0x214B, "&"},
}};

bool is_combining_accent(unsigned ch)
{
    return ch >= 0x300 && ch <= 0x36F;
}

bool is_letter(unsigned ch)
{
    return Xapian::Unicode::is_wordchar(ch) && !(ch >= '0' && ch <= '9') && ch != '_';
}

// The names of the Greek letters U+03B1..U+03C9 (final sigma included), for letters that
// stand alone among Latin letters, digits and punctuation: TGF-β, αvβ8, IFNγ.
constexpr std::array<std::string_view, 25> k_greek_letter_names = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta",    "eta", "theta",   "iota",
    "kappa", "lambda", "mu",  "nu",    "xi",      "omicron", "pi",  "rho",     "sigma",
    "sigma", "tau",  "upsilon", "phi", "chi",     "psi",     "omega",
};

bool is_greek_letter(unsigned ch)
{
    return (ch >= 0x391 && ch <= 0x3A9 && ch != 0x3A2) || (ch >= 0x3B1 && ch <= 0x3C9);
}

std::string_view greek_letter_name(unsigned ch)
{
    if (ch == 0xB5) {
        return "mu"; // the micro sign
    }
    if (!is_greek_letter(ch)) {
        return {};
    }
    return k_greek_letter_names[ch >= 0x3B1 ? ch - 0x3B1 : ch - 0x391];
}

} // namespace

std::string fold_greek_letters(std::string_view text)
{
    // Most text has none: Greek letters start with byte 0xCE or 0xCF in UTF-8, the micro sign 0xC2.
    if (text.find_first_of("\xC2\xCE\xCF") == std::string_view::npos) {
        return std::string(text);
    }
    std::vector<unsigned> chars;
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        chars.push_back(*it);
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const std::string_view name = greek_letter_name(chars[i]);
        // A letter beside another Greek letter is part of a Greek word: kept.
        const bool in_greek_word = (i > 0 && is_greek_letter(chars[i - 1])) ||
                                   (i + 1 < chars.size() && is_greek_letter(chars[i + 1]));
        if (!name.empty() && !in_greek_word) {
            out += name;
        } else {
            Xapian::Unicode::append_utf8(out, chars[i]);
        }
    }
    return out;
}

std::string fold_accents(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned ch = *it;
        if (ch < 0xC0) {
            Xapian::Unicode::append_utf8(out, ch);
            continue;
        }
        if (is_combining_accent(ch)) {
            continue;
        }
        if (ch <= 0x17F && k_latin_folds[ch - 0xC0] != '*') {
            out += k_latin_folds[ch - 0xC0];
            continue;
        }
        bool folded = false;
        for (const Fold& fold : k_special_folds) {
            if (fold.from == ch) {
                out += fold.to;
                folded = true;
                break;
            }
        }
        if (!folded) {
            Xapian::Unicode::append_utf8(out, ch);
        }
    }
    return out;
}

std::string join_dotted_abbreviations(std::string_view text)
{
    // Work on code points so that single non-ASCII letters count as letters.
    std::vector<unsigned> chars;
    chars.reserve(text.size());
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        chars.push_back(*it);
    }
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < chars.size()) {
        const bool at_word_start = i == 0 || !Xapian::Unicode::is_wordchar(chars[i - 1]);
        if (at_word_start) {
            const auto is_single_letter = [&](std::size_t k) {
                return k < chars.size() && is_letter(chars[k]) &&
                       (k + 1 == chars.size() || !Xapian::Unicode::is_wordchar(chars[k + 1]));
            };
            std::vector<unsigned> letters;
            std::size_t j = i;
            while (is_single_letter(j)) {
                if (j + 1 < chars.size() && chars[j + 1] == '.') {
                    letters.push_back(chars[j]); // "L."
                    j += 2;
                    continue;
                }
                if (letters.size() >= 2) {
                    letters.push_back(chars[j]); // the last letter of "U.S.A" needs no dot
                    ++j;
                }
                break;
            }
            if (letters.size() >= 2 && (j == chars.size() || !Xapian::Unicode::is_wordchar(chars[j]))) {
                for (unsigned letter : letters) {
                    Xapian::Unicode::append_utf8(out, letter);
                }
                i = j;
                continue;
            }
        }
        Xapian::Unicode::append_utf8(out, chars[i]);
        ++i;
    }
    return out;
}

std::string fold_term_text(std::string_view text)
{
    return join_dotted_abbreviations(fold_greek_letters(fold_accents(text)));
}

} // namespace dateline
