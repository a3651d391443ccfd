#include "common/web/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace dateline {

RateLimiter::RateLimiter(double per_second, double burst, std::size_t max_clients)
    : m_per_second(per_second), m_burst(std::max(burst, 1.0)), m_max_clients(std::max<std::size_t>(max_clients, 1))
{
}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) const
{
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    if (elapsed > 0) {
        bucket.tokens = std::min(m_burst, bucket.tokens + elapsed * m_per_second);
        bucket.updated = now;
    }
}

void RateLimiter::forget_idle(Clock::time_point now)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(it->second, now);
        it = it->second.tokens >= m_burst ? m_buckets.erase(it) : std::next(it);
    }
    if (m_buckets.size() >= m_max_clients) {
        m_buckets.clear(); // every client is busy: forgetting is the bounded choice
    }
}

RateDecision RateLimiter::take(const std::string& client, Clock::time_point now)
{
    const std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_max_clients) {
            forget_idle(now);
        }
        it = m_buckets.emplace(client, Bucket{m_burst, now}).first;
    }
    Bucket& bucket = it->second;
    refill(bucket, now);
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return {};
    }
    const double wait = m_per_second > 0 ? (1 - bucket.tokens) / m_per_second : 1;
    return RateDecision{false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

std::size_t RateLimiter::clients() const
{
    const std::lock_guard lock(m_mutex);
    return m_buckets.size();
}

} // namespace dateline
