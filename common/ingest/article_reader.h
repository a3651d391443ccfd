// The reader interface: one implementation per input format (JSON records, text scrapes, HTML
// pages, WARC files). A reader turns one file into articles and rejections, and may first
// learn from every file of the run (site chrome); it does not walk directories, assign ids or
// touch the database.
#pragma once

#include "common/article.h"
#include "common/cleaning/chrome_model.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

/// One input file as the ingest walk found it.
struct SourceFile {
    std::filesystem::path path; // to open
    std::string display_path;   // as the user should see it in messages, e.g. "corpus/a.jsonl"
    std::string relative_path;  // relative to the directory argument it was found under
    std::string site;           // the site it belongs to for chrome learning: its folder, as an absolute path
};

/// Where a reader sends what it read. `line` is 0 when no line applies.
struct ReaderOutput {
    std::function<void(Article&&)> on_article;
    std::function<void(std::size_t line, const std::string& reason)> on_reject;
    std::function<void(const std::string& note)> on_note; // what the file held besides articles, or null
    const ChromeModel* chrome = nullptr; // what the run learned about site chrome, or null
};

class ArticleReader {
public:
    virtual ~ArticleReader() = default;
    /// True when this reader handles files like `path` (by extension).
    [[nodiscard]] virtual bool reads(const std::filesystem::path& path) const = 0;
    /// The optional learning pass: called for every file of a run before any file is read, so
    /// that a reader can learn what repeats across pages (site chrome) into `chrome`. Never
    /// throws; a file it cannot open is reported by read(). The default learns nothing.
    virtual void learn(const SourceFile& file, ChromeModel& chrome) const
    {
        static_cast<void>(file);
        static_cast<void>(chrome);
    }
    /// Reads the whole file; every record ends in exactly one on_article or on_reject call.
    /// A file that cannot be opened is one rejection. Never throws for bad content.
    virtual void read(const SourceFile& file, const ReaderOutput& output) const = 0;
};

/// The readers Dateline ships, in the order they are asked.
std::vector<std::unique_ptr<ArticleReader>> make_default_readers();

} // namespace dateline
