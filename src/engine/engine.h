// Wires a run together: request source → scheduler → curl multi driver →
// result sink, on one epoll loop. The only file that knows all the parts.
#ifndef FANOUT_ENGINE_ENGINE_H_
#define FANOUT_ENGINE_ENGINE_H_

#include <sys/epoll.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <stop_token>
#include <string>
#include <vector>

#include "curl/handles.h"
#include "curl/multi_driver.h"
#include "curl/transfer.h"
#include "engine/indexed_source.h"
#include "fanout/options.h"
#include "fanout/run.h"
#include "loop/event_loop.h"
#include "loop/timer.h"
#include "loop/wakeup.h"
#include "sched/clock.h"
#include "sched/pause_board.h"
#include "sched/retry_policy.h"
#include "sched/scheduler.h"

namespace fanout::internal {

class Engine final : private MultiDriver::Listener {
 public:
  // |pauses|, when given, shares Retry-After pauses with the other engines
  // of a threaded run; it must outlive the engine.
  Engine(const Options& options, ResultSink& sink, std::stop_token stop,
         PauseBoard* pauses = nullptr);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine() override;

  // Runs every entry of |source| to a result. Call once. Options::select is
  // applied by |source|, not here.
  Status run(IndexedSource& source);

 private:
  // A request from intake to its final result.
  struct Pending {
    Request request;
    std::uint64_t index = 0;
    std::uint32_t origin = 0;
    int attempts = 0;
    TimePoint first_start{};  // for Options::max_time_total
  };
  // Options::ordered: results waiting for an earlier index.
  struct ReorderEntry {
    std::uint64_t index = 0;
    bool done = false;
    Result result;
  };
  // A concurrency slot: one reusable easy handle and the job it runs.
  struct Slot {
    Transfer transfer;
    std::uint32_t pending = 0;
    TimePoint started{};
    bool busy = false;
  };

  Status setup();
  void fill(TimePoint now);
  void intake();
  Status start(const Job& job, TimePoint now);
  void on_transfer_done(CURL* easy, CURLcode code) override;
  Status wait_and_dispatch();
  // Applies pauses other engines posted since we last looked.
  void apply_shared_pauses(TimePoint now);
  // Ends the run early: every unfinished entry gets |kind| with |message|.
  void abort_all(ErrorKind kind, const std::string& message);

  std::uint32_t new_pending();
  void release_pending(std::uint32_t id);
  void emit(Pending& p, Outcome* outcome, ErrorKind kind, std::string message);
  void emit_unstarted(SourceItem& item, ErrorKind kind, std::string message);
  // Every result leaves through here (reordering, fail-fast).
  void deliver(Result&& r);
  void deliver_in_order();
  // Whether a retry is due for this outcome; if so, schedules it.
  bool maybe_retry(std::uint32_t id, const Outcome& outcome, TimePoint now);
  bool intake_allowed() const;
  // Pulls the next entry into item_ / item_index_; false when exhausted.
  bool pull();

  Options options_;
  ResultSink& sink_;
  std::stop_token stop_;
  IndexedSource* source_ = nullptr;
  bool source_done_ = false;
  std::size_t lookahead_ = 0;

  TransferConfig transfer_config_;
  Slist base_headers_;

  // Destroyed in reverse: slots (easy handles, all removed by then), the
  // driver (curl_multi_cleanup may still call the socket callback, which
  // needs loop_), then the fds.
  EventLoop loop_;
  Wakeup wakeup_;
  Timer sched_timer_;
  TimePoint sched_timer_at_ = TimePoint::max();
  Timer deadline_timer_;
  bool deadline_passed_ = false;
  bool fail_fast_tripped_ = false;
  MultiDriver driver_;
  Scheduler sched_;
  std::vector<Slot> slots_;
  std::vector<Slot*> free_slots_;
  std::vector<Pending> pending_;
  std::vector<std::uint32_t> free_pending_;
  SourceItem item_;  // reused intake buffer
  std::uint64_t item_index_ = 0;
  RetryConfig retry_;
  std::mt19937_64 rng_;
  std::deque<ReorderEntry> reorder_;  // pulled, not delivered; by index
  PauseBoard* pauses_ = nullptr;
  std::uint64_t pauses_seen_ = 0;
  Status fatal_;
};

}  // namespace fanout::internal

#endif  // FANOUT_ENGINE_ENGINE_H_
