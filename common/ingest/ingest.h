// The ingest walk: expands the user's paths into files, hands each file to the reader for its
// format and accounts for every record (read = indexed + rejected). It does not parse formats
// (readers do) nor write the database (the sink does).
#pragma once

#include "common/article.h"
#include "common/ingest/article_reader.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

struct Rejection {
    std::string path;
    std::size_t line = 0; // 0 when no line applies
    std::string reason;
};

/// "path:line: reason" (or "path: reason").
std::string format_rejection(const Rejection& rejection);

struct IngestReport {
    std::size_t files_read = 0;
    std::size_t files_skipped = 0;    // not a format any reader takes (each gets a note)
    std::size_t articles_indexed = 0; // handed to the sink
    std::size_t duplicate_ids = 0;    // indexed articles whose id an earlier one of this run had
    std::uintmax_t bytes_read = 0;
    std::vector<Rejection> rejections;
    std::vector<std::string> notes;
    std::vector<std::string> empty_files; // files of no bytes (each gets a note), as shown in messages
    double seconds = 0;
    bool stopped = false; // IngestHooks::stop_requested said stop: later articles were not read

    [[nodiscard]] std::size_t articles_read() const { return articles_indexed + rejections.size(); }
};

/// Receives each article; throwing aborts the walk (a runtime failure such as a database error).
using ArticleSink = std::function<void(Article&&)>;

/// Optional extras of a walk.
struct IngestHooks {
    /// Called with the report so far after each file and every k_progress_articles articles.
    std::function<void(const IngestReport&)> on_progress;
    /// Where the input "-" reads JSONL records from; std::cin when null.
    std::istream* standard_input = nullptr;
    /// The site chrome model to learn into before reading (see ingest_paths); none when null.
    ChromeModel* chrome = nullptr;
    /// Polled before each file and each article; once it returns true the walk ends early
    /// (IngestReport::stopped), without sending the article at hand to the sink. Never when null.
    std::function<bool()> stop_requested;
};

inline constexpr std::size_t k_progress_articles = 500;

/// Walks `inputs` (files and directories, recursively; hidden entries and directory symlinks
/// are not followed) in a stable order and sends every article to `sink`. With `hooks.chrome`,
/// each reader first learns from every file of the run into it (on top of what it already
/// holds, e.g. what an earlier run learned), and the files are then read with what was learned.
/// The input "-" is standard input, read as JSONL records (shown as "stdin" in messages; ids
/// come from the records, never from their position). Each article read from a file gets that
/// file's absolute path as its source_path.
/// @exception whatever `sink` throws; everything else is recorded in the report.
IngestReport ingest_paths(const std::vector<std::string>& inputs,
                          const std::vector<std::unique_ptr<ArticleReader>>& readers, const ArticleSink& sink,
                          const IngestHooks& hooks = {});

} // namespace dateline
