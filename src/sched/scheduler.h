// Decides which waiting job starts next, and when. Knows origins, limits and
// time; knows nothing of curl or of what a job is (the engine keeps that).
//
// Jobs wait per origin (scheme://host:port). An origin is eligible when it is
// under its in-flight cap, not paused (Retry-After) and has a rate token;
// eligible origins are served round robin, so one slow or capped origin never
// holds slots that others could use. Jobs delayed for a retry wait in a
// time-ordered heap until due.
#ifndef FANOUT_SCHED_SCHEDULER_H_
#define FANOUT_SCHED_SCHEDULER_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sched/clock.h"
#include "sched/token_bucket.h"

namespace fanout::internal {

struct SchedulerConfig {
  // Most jobs in flight to one origin; 0 = no per-origin cap.
  int per_origin_limit = 0;
  // Starts per second across the run (retries included); 0 = unlimited.
  double rate = 0;
  // Starts per second to one origin; 0 = unlimited.
  double per_origin_rate = 0;
};

struct Job {
  std::uint64_t id = 0;      // the engine's key for the job
  std::uint32_t origin = 0;  // from Scheduler::origin_of
};

class Scheduler {
 public:
  explicit Scheduler(const SchedulerConfig& config);

  // Interns |origin| (already normalised by the caller) to a small id. An
  // origin with nothing waiting, in flight or paused is forgotten (its id is
  // reused), so memory follows the origins in use, not all ever seen.
  std::uint32_t origin_of(std::string_view origin);

  // A job that may start as soon as limits allow.
  void enqueue(Job job);
  // A job that may start no sooner than |when| (a retry's backoff).
  void enqueue_at(Job job, TimePoint when);
  // No job of |origin| starts before |until| (server asked: Retry-After).
  void pause_origin(std::uint32_t origin, TimePoint until);

  // The next job allowed to start at |now|, taking its rate tokens and
  // counting it in flight; or nullopt, with |wake| set to the earliest time
  // a job may become startable by time alone (TimePoint::max() if none: then
  // only a finish() can unblock one).
  std::optional<Job> next(TimePoint now, TimePoint& wake);

  // Whether the last next() found nothing because of the run-wide rate:
  // then no queued job could start either, so reading ahead is pointless
  // (and, with several loops, would take work another loop could pace).
  bool rate_limited() const { return rate_limited_; }

  // A started job of |origin| is over (it may come back through enqueue*).
  void finish(std::uint32_t origin);

  // Jobs waiting (ready or delayed), not counting those in flight.
  std::size_t waiting() const { return waiting_; }

  // Hands every waiting job to |f| and forgets it (cancellation).
  template <typename F>
  void drain(F&& f) {
    for (Origin& o : origins_) {
      for (const Job& j : o.ready) f(j);
      o.ready.clear();
      o.delayed = 0;
    }
    while (!delayed_.empty()) {
      f(delayed_.top().job);
      delayed_.pop();
    }
    rotation_.clear();
    for (Origin& o : origins_) o.in_rotation = false;
    waiting_ = 0;
  }

 private:
  struct Origin {
    std::string key;
    std::deque<Job> ready;
    int in_flight = 0;
    int delayed = 0;  // jobs of this origin in delayed_
    TimePoint paused_until{};
    TokenBucket bucket;
    bool in_rotation = false;
  };
  struct Delayed {
    TimePoint when;
    std::uint64_t seq;  // FIFO among equal times
    Job job;
    bool operator>(const Delayed& o) const {
      return when != o.when ? when > o.when : seq > o.seq;
    }
  };

  void push_ready(const Job& job);
  void release_due(TimePoint now);
  void maybe_forget(std::uint32_t id);

  SchedulerConfig config_;
  TokenBucket global_bucket_;
  std::vector<Origin> origins_;
  std::unordered_map<std::string, std::uint32_t> origin_ids_;
  std::vector<std::uint32_t> free_ids_;
  TimePoint last_now_{};                // latest |now| given to next()
  std::deque<std::uint32_t> rotation_;  // origins with ready jobs
  std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> delayed_;
  std::uint64_t delayed_seq_ = 0;
  std::size_t waiting_ = 0;
  bool rate_limited_ = false;
};

}  // namespace fanout::internal

#endif  // FANOUT_SCHED_SCHEDULER_H_
