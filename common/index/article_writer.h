// The writing interface of an index run, whether it writes one database (ArticleIndexer) or a
// sharded archive (ShardWriter): add, remove, commit and the learned site chrome. Owns nothing.
#pragma once

#include "common/article.h"
#include "common/cleaning/chrome_model.h"

#include <cstddef>
#include <string>
#include <vector>

namespace dateline {

/// Which stored articles remove_missing may remove: those read from a file at or under one of
/// `roots` (absolute paths), unless that file is at or under one of `kept` (for example a file
/// that could not be read completely in this run).
struct MissingScope {
    std::vector<std::string> roots;
    std::vector<std::string> kept;
};

class ArticleWriter {
public:
    virtual ~ArticleWriter() = default;

    /// Adds the article, replacing any earlier one with the same id (wherever it is stored).
    /// @exception dateline::Error (internal) when Xapian fails; committed batches stay intact.
    virtual void add(const Article& article) = 0;

    /// Removes the article with this id; false when there is none.
    /// @exception dateline::Error (internal) when Xapian fails.
    virtual bool remove(const std::string& id) = 0;

    /// Removes every article in `scope` not added through this writer; returns their ids.
    /// @exception dateline::Error (internal) when Xapian fails.
    virtual std::vector<std::string> remove_missing(const MissingScope& scope) = 0;

    /// Commits everything pending. Call it before destruction (destructors swallow errors).
    /// @exception dateline::Error (internal) when a commit fails.
    virtual void commit() = 0;

    /// Adds the site chrome learned by earlier runs to `chrome`; a message per unreadable entry.
    [[nodiscard]] virtual std::vector<std::string> load_chrome(ChromeModel& chrome) const = 0;

    /// Stores `chrome` with the next commit.
    /// @exception dateline::Error (internal) when Xapian fails.
    virtual void store_chrome(const ChromeModel& chrome) = 0;

    /// Documents stored, committed or not.
    [[nodiscard]] virtual std::size_t document_count() const = 0;
};

} // namespace dateline
