#include "common/text/language.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dateline {
namespace {

constexpr std::size_t k_sample_bytes = 4000;
constexpr int k_min_hits = 3;

struct FunctionWords {
    std::string_view code;
    std::vector<std::string_view> words;
};

// Frequent, short words that are distinctive for each language written in Latin script.
const std::vector<FunctionWords>& latin_function_words()
{
    static const std::vector<FunctionWords> k_words = {
        {"en", {"the", "a", "and", "of", "to", "is", "in", "that", "was", "for", "with", "said", "on", "it", "by", "from", "have", "as", "at"}},
        {"de", {"der", "die", "und", "das", "ist", "nicht", "mit", "sich", "des", "auf", "für", "ein", "eine", "dem", "wird", "auch"}},
        {"fr", {"le", "la", "les", "et", "des", "est", "une", "du", "que", "dans", "pour", "pas", "au", "sur", "qui", "avec"}},
        {"es", {"el", "los", "las", "del", "que", "por", "una", "con", "para", "como", "más", "pero", "sus", "fue", "este", "está"}},
        {"it", {"il", "di", "che", "della", "per", "una", "sono", "non", "gli", "del", "nel", "alla", "anche", "come", "più", "è"}},
        {"pt", {"os", "que", "não", "uma", "do", "da", "em", "para", "com", "por", "mais", "foi", "são", "ao", "dos", "também"}},
        {"nl", {"de", "het", "een", "van", "en", "niet", "dat", "zijn", "op", "voor", "met", "ook", "werd", "naar", "bij", "wordt"}},
        {"sv", {"och", "att", "det", "som", "en", "är", "av", "för", "med", "inte", "till", "den", "har", "på", "var", "om"}},
        {"da", {"og", "at", "det", "som", "en", "er", "af", "for", "med", "ikke", "til", "den", "har", "på", "var", "de"}},
        {"no", {"og", "at", "det", "som", "en", "er", "av", "for", "med", "ikke", "til", "den", "har", "på", "var", "ble"}},
        {"fi", {"ja", "on", "ei", "oli", "että", "se", "hän", "mutta", "kun", "myös", "ovat", "tai", "niin", "joka", "sen", "vuonna"}},
        {"tr", {"ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "gibi", "olan", "ama", "ancak", "kadar", "sonra"}},
        {"id", {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "dalam", "akan", "pada", "juga", "ke", "oleh", "adalah"}},
        {"hu", {"a", "az", "és", "hogy", "nem", "egy", "is", "meg", "volt", "de", "már", "csak", "mint", "van", "el", "ez"}},
        {"ro", {"și", "în", "de", "la", "nu", "că", "cu", "pe", "este", "din", "pentru", "mai", "sunt", "care", "au", "fost"}},
        {"ca", {"el", "els", "les", "amb", "per", "que", "una", "del", "dels", "és", "però", "també", "més", "va", "seva", "hi"}},
    };
    return k_words;
}

// Each function word and the languages (indices into latin_function_words) that list it: one
// look-up per word of the text instead of one per word and language.
const std::unordered_map<std::string_view, std::vector<std::size_t>>& function_word_index()
{
    static const auto k_index = [] {
        std::unordered_map<std::string_view, std::vector<std::size_t>> index;
        const std::vector<FunctionWords>& languages = latin_function_words();
        for (std::size_t i = 0; i < languages.size(); ++i) {
            for (std::string_view word : languages[i].words) {
                std::vector<std::size_t>& listed = index[word];
                if (listed.empty() || listed.back() != i) {
                    listed.push_back(i);
                }
            }
        }
        return index;
    }();
    return k_index;
}

enum class Script { latin, cyrillic, arabic, greek, armenian, tamil, devanagari, other };

Script script_of(unsigned ch)
{
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= 0xC0 && ch <= 0x24F)) {
        return Script::latin;
    }
    if (ch >= 0x400 && ch <= 0x4FF) {
        return Script::cyrillic;
    }
    if (ch >= 0x600 && ch <= 0x6FF) {
        return Script::arabic;
    }
    if (ch >= 0x370 && ch <= 0x3FF) {
        return Script::greek;
    }
    if (ch >= 0x530 && ch <= 0x58F) {
        return Script::armenian;
    }
    if (ch >= 0xB80 && ch <= 0xBFF) {
        return Script::tamil;
    }
    if (ch >= 0x900 && ch <= 0x97F) {
        return Script::devanagari;
    }
    return Script::other;
}

std::string_view code_for_script(Script script)
{
    switch (script) {
    case Script::cyrillic: return "ru";
    case Script::arabic: return "ar";
    case Script::greek: return "el";
    case Script::armenian: return "hy";
    case Script::tamil: return "ta";
    case Script::devanagari: return "ne";
    default: return "";
    }
}

// The first k_sample_bytes of `text`, cut at a character boundary so that the sample stays
// valid UTF-8.
std::string_view cut_sample(std::string_view text)
{
    text = text.substr(0, k_sample_bytes);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0u) == 0x80u) {
        text.remove_suffix(1);
    }
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0u) {
        text.remove_suffix(1);
    }
    return text;
}

// A sample's word characters, lower-cased, words separated by one space, and its letters
// counted by script.
struct SampleWords {
    std::string lowered;
    std::array<std::size_t, 8> script_letters{};
};

// ASCII is read without the Unicode tables.
SampleWords read_sample_words(std::string_view sample)
{
    SampleWords result;
    std::array<std::size_t, 8>& script_letters = result.script_letters;
    std::string& lowered = result.lowered;
    lowered.reserve(sample.size() + 1);
    for (std::size_t i = 0; i < sample.size();) {
        const auto byte = static_cast<unsigned char>(sample[i]);
        if (byte < 0x80) {
            const char c = sample[i];
            ++i;
            if (is_ascii_word_char(c)) {
                ++script_letters[static_cast<std::size_t>(is_ascii_letter(c) ? Script::latin : Script::other)];
                lowered += to_ascii_lower(c);
            } else if (!lowered.empty() && lowered.back() != ' ') {
                lowered += ' ';
            }
            continue;
        }
        Xapian::Utf8Iterator it(sample.data() + i, sample.size() - i);
        const unsigned ch = *it;
        ++it;
        i = it == Xapian::Utf8Iterator() ? sample.size() : static_cast<std::size_t>(it.raw() - sample.data());
        if (Xapian::Unicode::is_wordchar(ch)) {
            ++script_letters[static_cast<std::size_t>(script_of(ch))];
            Xapian::Unicode::append_utf8(lowered, Xapian::Unicode::tolower(ch));
        } else if (!lowered.empty() && lowered.back() != ' ') {
            lowered += ' ';
        }
    }
    return result;
}

// The script with the most letters, or nullopt for a sample of fewer than 20 letters.
std::optional<Script> dominant_script(const std::array<std::size_t, 8>& script_letters)
{
    std::size_t letters = 0;
    std::size_t best_script = 0;
    for (std::size_t i = 0; i < script_letters.size(); ++i) {
        letters += script_letters[i];
        if (script_letters[i] > script_letters[best_script]) {
            best_script = i;
        }
    }
    if (letters < 20) {
        return std::nullopt;
    }
    return static_cast<Script>(best_script);
}

// The Latin-script language whose function words are clearly the most frequent in `words`,
// or "".
std::string_view most_likely_latin_language(const std::vector<std::string_view>& words)
{
    const std::vector<FunctionWords>& languages = latin_function_words();
    std::vector<int> hits(languages.size(), 0);
    const auto& index = function_word_index();
    for (std::string_view w : words) {
        if (const auto it = index.find(w); it != index.end()) {
            for (std::size_t language : it->second) {
                ++hits[language];
            }
        }
    }
    std::string_view best;
    int best_hits = 0;
    int second_hits = 0;
    for (std::size_t i = 0; i < languages.size(); ++i) {
        const int count = hits[i];
        if (count > best_hits) {
            second_hits = best_hits;
            best_hits = count;
            best = languages[i].code;
        } else if (count > second_hits) {
            second_hits = count;
        }
    }
    // Require a clear winner: closely related languages (da/no/sv) share many words.
    if (best_hits < k_min_hits || best_hits * 4 < second_hits * 5) {
        return {};
    }
    return best;
}

} // namespace

std::string detect_language(std::string_view text)
{
    text = cut_sample(text);
    // Valid text (the usual case) is read in place.
    const std::string repaired = is_valid_utf8(text) ? std::string() : repair_utf8(text);
    const std::string_view sample = repaired.empty() ? text : std::string_view(repaired);
    const SampleWords sampled = read_sample_words(sample);
    const std::optional<Script> script = dominant_script(sampled.script_letters);
    if (!script) {
        return {};
    }
    if (*script != Script::latin) {
        return std::string(code_for_script(*script));
    }
    return std::string(most_likely_latin_language(split_at_spaces(sampled.lowered)));
}

std::string stemmer_language(std::string_view code)
{
    static const std::unordered_map<std::string_view, std::string_view> k_stemmers = {
        {"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},   {"ca", "catalan"},    {"da", "danish"},
        {"nl", "dutch"},      {"en", "english"},    {"fi", "finnish"},  {"fr", "french"},     {"de", "german"},
        {"hu", "hungarian"},  {"id", "indonesian"}, {"ga", "irish"},    {"it", "italian"},    {"lt", "lithuanian"},
        {"ne", "nepali"},     {"no", "norwegian"},  {"nb", "norwegian"}, {"nn", "norwegian"}, {"pt", "portuguese"},
        {"ro", "romanian"},   {"ru", "russian"},    {"es", "spanish"},  {"sv", "swedish"},    {"ta", "tamil"},
        {"tr", "turkish"},
    };
    const auto it = k_stemmers.find(code);
    return it == k_stemmers.end() ? std::string() : std::string(it->second);
}

} // namespace dateline
