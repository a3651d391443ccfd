// Per-client token buckets for `dateline-server --rate-limit`: decides whether a client may make
// a request now and, if not, how long it should wait. Pure logic with the time passed in, so
// tests drive the clock; it knows nothing of HTTP.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dateline {

struct RateDecision {
    bool allowed = true;
    int retry_after_seconds = 0; // when refused: whole seconds until a request is allowed again (>= 1)
};

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    /// Each client may make `burst` requests at once and `per_second` on average after that.
    /// At most `max_clients` buckets are kept: when that many are tracked, the idle (full) ones
    /// are forgotten, and if none is idle all are, so memory stays bounded under a flood of
    /// addresses (a forgotten client starts again with a full bucket).
    RateLimiter(double per_second, double burst, std::size_t max_clients = k_default_max_clients);

    /// Takes one request's token from `client`'s bucket at time `now`. Thread-safe.
    RateDecision take(const std::string& client, Clock::time_point now);

    /// Clients currently tracked.
    [[nodiscard]] std::size_t clients() const;

    static constexpr std::size_t k_default_max_clients = 10000;

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    void refill(Bucket& bucket, Clock::time_point now) const;
    void forget_idle(Clock::time_point now);

    double m_per_second;
    double m_burst;
    std::size_t m_max_clients;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

} // namespace dateline
