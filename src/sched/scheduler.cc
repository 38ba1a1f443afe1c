#include "sched/scheduler.h"

#include <algorithm>
#include <cassert>

namespace fanout::internal {
namespace {
// A burst of 5% of a second's worth (at least 1) keeps starts smooth while
// tolerating a loop that wakes a little late.
int burst_for(double rate) {
  return std::max(1, static_cast<int>(rate * 0.05));
}
}  // namespace

Scheduler::Scheduler(const SchedulerConfig& config)
    : config_(config), global_bucket_(config.rate, burst_for(config.rate)) {}

std::uint32_t Scheduler::origin_of(std::string_view origin) {
  // Origins are kept even without per-origin limits: a Retry-After pause
  // applies to its own origin only.
  std::string key(origin);
  auto it = origin_ids_.find(key);
  if (it != origin_ids_.end()) return it->second;
  std::uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(origins_.size());
    origins_.emplace_back();
  }
  Origin& o = origins_[id];
  o = Origin{};
  o.key = key;
  o.bucket =
      TokenBucket(config_.per_origin_rate, burst_for(config_.per_origin_rate));
  origin_ids_.emplace(std::move(key), id);
  return id;
}

void Scheduler::maybe_forget(std::uint32_t id) {
  Origin& o = origins_[id];
  // Forgetting is safe only when no job refers to the id and no state
  // (pause, rate spacing) would be lost.
  if (!o.ready.empty() || o.in_flight > 0 || o.delayed > 0 || o.in_rotation ||
      o.paused_until > last_now_ || o.bucket.ready_at() > last_now_)
    return;
  origin_ids_.erase(o.key);
  o = Origin{};
  free_ids_.push_back(id);
}

void Scheduler::push_ready(const Job& job) {
  Origin& o = origins_[job.origin];
  o.ready.push_back(job);
  if (!o.in_rotation) {
    o.in_rotation = true;
    rotation_.push_back(job.origin);
  }
}

void Scheduler::enqueue(Job job) {
  push_ready(job);
  ++waiting_;
}

void Scheduler::enqueue_at(Job job, TimePoint when) {
  ++origins_[job.origin].delayed;
  delayed_.push({when, delayed_seq_++, job});
  ++waiting_;
}

void Scheduler::pause_origin(std::uint32_t origin, TimePoint until) {
  Origin& o = origins_[origin];
  o.paused_until = std::max(o.paused_until, until);
}

void Scheduler::release_due(TimePoint now) {
  while (!delayed_.empty() && delayed_.top().when <= now) {
    --origins_[delayed_.top().job.origin].delayed;
    push_ready(delayed_.top().job);
    delayed_.pop();
  }
}

std::optional<Job> Scheduler::next(TimePoint now, TimePoint& wake) {
  last_now_ = now;
  release_due(now);
  wake = delayed_.empty() ? TimePoint::max() : delayed_.top().when;
  rate_limited_ = false;
  if (rotation_.empty()) return std::nullopt;
  if (!global_bucket_.ready(now)) {
    wake = std::min(wake, global_bucket_.ready_at());
    rate_limited_ = true;
    return std::nullopt;
  }
  // Visit each origin in the rotation at most once.
  for (std::size_t n = rotation_.size(); n > 0; --n) {
    const std::uint32_t id = rotation_.front();
    rotation_.pop_front();
    Origin& o = origins_[id];
    assert(!o.ready.empty());
    bool blocked = false;
    if (config_.per_origin_limit > 0 &&
        o.in_flight >= config_.per_origin_limit) {
      blocked = true;  // a finish() unblocks it, not time
    } else if (o.paused_until > now) {
      blocked = true;
      wake = std::min(wake, o.paused_until);
    } else if (!o.bucket.ready(now)) {
      blocked = true;
      wake = std::min(wake, o.bucket.ready_at());
    }
    if (blocked) {
      rotation_.push_back(id);
      continue;
    }
    Job job = o.ready.front();
    o.ready.pop_front();
    ++o.in_flight;
    o.bucket.take(now);
    global_bucket_.take(now);
    --waiting_;
    if (o.ready.empty()) {
      o.in_rotation = false;
    } else {
      rotation_.push_back(id);
    }
    return job;
  }
  return std::nullopt;
}

void Scheduler::finish(std::uint32_t origin) {
  Origin& o = origins_[origin];
  assert(o.in_flight > 0);
  --o.in_flight;
  maybe_forget(origin);
}

}  // namespace fanout::internal
