#include "engine/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <stop_token>

#include "curl/global.h"
#include "engine/fd_limit.h"
#include "engine/origin.h"
#include "fanout/fanout.h"
#include "input/validate.h"

namespace fanout::internal {
namespace {

constexpr int kMaxEvents = 256;

bool is_ok_status(int status) { return status >= 200 && status < 400; }

}  // namespace

Engine::Engine(const Options& options, ResultSink& sink, std::stop_token stop,
               PauseBoard* pauses)
    : options_(options),
      sink_(sink),
      stop_(std::move(stop)),
      driver_(loop_, *this),
      sched_(SchedulerConfig{options.per_host, options.rate,
                             options.per_host_rate}),
      rng_(std::random_device{}()),
      pauses_(pauses) {}

Engine::~Engine() = default;

Status Engine::setup() {
  if (options_.concurrency < 1)
    return Status::invalid_argument(fmt::format(
        "concurrency must be at least 1 (got {})", options_.concurrency));
  if (options_.timeout.count() <= 0)
    return Status::invalid_argument("timeout must be positive");
  if (options_.connect_timeout.count() < 0)
    return Status::invalid_argument("connect timeout must not be negative");
  if (options_.max_redirects < 0)
    return Status::invalid_argument("max redirects must not be negative");
  if (options_.retries < 0 || options_.retry_backoff.count() < 0 ||
      options_.retry_max_wait.count() < 0 ||
      options_.max_time_total.count() < 0)
    return Status::invalid_argument(
        "retries, backoff, max wait and max total time must not be negative");
  if (options_.rate < 0 || options_.per_host_rate < 0 ||
      options_.per_host < 0 || options_.deadline.count() < 0)
    return Status::invalid_argument(
        "rates, per-host limit and deadline must not be negative");
  if (options_.ordered && options_.ordered_window < 1)
    return Status::invalid_argument("ordered window must be at least 1");
  for (const Header& h : options_.headers) {
    if (!is_token(h.name) || !header_value_ok(h.value))
      return Status::invalid_argument(fmt::format(
          "header \"{}\": bad name, or CR/LF/NUL in its value", h.name));
  }
  if (Status s = ensure_curl_global(); !s.is_ok()) return s;
  if (Status s = ensure_fd_limit(options_.concurrency); !s.is_ok()) return s;
  if (!loop_.ok() || !wakeup_.ok() || !sched_timer_.ok() ||
      !deadline_timer_.ok())
    return Status::resource_exhausted(
        "cannot create epoll, eventfd or timerfd");

  // The cache holds at least one connection per slot, or keep-alive churns.
  if (Status s = driver_.init(options_.concurrency + 16); !s.is_ok()) return s;
  if (loop_.watch(wakeup_.fd(), EPOLLIN) ||
      loop_.watch(sched_timer_.fd(), EPOLLIN) ||
      loop_.watch(deadline_timer_.fd(), EPOLLIN))
    return Status::resource_exhausted(
        "epoll_ctl failed for the loop's own fds");

  curl_slist* list = nullptr;
  for (const Header& h : options_.headers) {
    std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (!next) {
      curl_slist_free_all(list);
      return Status::resource_exhausted("curl_slist_append failed");
    }
    list = next;
  }
  base_headers_.reset(list);
  transfer_config_.max_body = options_.max_body;
  transfer_config_.keep_body = options_.keep_body;
  transfer_config_.follow_redirects = options_.follow_redirects;
  transfer_config_.max_redirects = options_.max_redirects;
  transfer_config_.connect_timeout = options_.connect_timeout;
  transfer_config_.user_agent = options_.user_agent.empty()
                                    ? fmt::format("fanout/{}", kVersion)
                                    : options_.user_agent;
  transfer_config_.base_headers = base_headers_.get();
  transfer_config_.base_header_list = &options_.headers;
  transfer_config_.deny_private = options_.deny_private;
  transfer_config_.ca_file = options_.ca_file;
  retry_.retries = options_.retries;
  retry_.backoff = options_.retry_backoff;
  retry_.max_wait = options_.retry_max_wait;
  retry_.all_methods = options_.retry_all_methods;
  if (options_.deadline.count() > 0)
    deadline_timer_.arm_ms(options_.deadline.count());

  slots_ = std::vector<Slot>(static_cast<std::size_t>(options_.concurrency));
  free_slots_.reserve(slots_.size());
  for (auto it = slots_.rbegin(); it != slots_.rend(); ++it)
    free_slots_.push_back(&*it);
  // Look-ahead bounds how much input is held while slots are busy or origins
  // are capped; memory stays flat however long the source is.
  lookahead_ = std::max<std::size_t>(1024, 4 * slots_.size());
  return Status::ok();
}

Status Engine::run(IndexedSource& source) {
  source_ = &source;
  Status s = setup();
  if (!s.is_ok()) {
    // Every entry still gets its result, carrying the reason.
    abort_all(ErrorKind::kOther, s.message());
    return s;
  }
  std::stop_callback wake_on_stop(stop_, [this] { wakeup_.notify(); });

  while (true) {
    if (stop_.stop_requested()) {
      abort_all(ErrorKind::kCancelled, "run cancelled");
      break;
    }
    if (deadline_passed_) {
      abort_all(ErrorKind::kDeadline, "the run's deadline passed");
      break;
    }
    if (fail_fast_tripped_) {
      abort_all(ErrorKind::kCancelled,
                "cancelled: an earlier request failed (fail-fast)");
      break;
    }
    fill(SteadyClock::now());
    if (!fatal_.is_ok()) break;
    if (source_done_ && sched_.waiting() == 0 &&
        free_slots_.size() == slots_.size())
      break;
    if (Status w = wait_and_dispatch(); !w.is_ok()) fatal_ = w;
    if (!fatal_.is_ok()) break;
  }
  if (!fatal_.is_ok()) abort_all(ErrorKind::kOther, fatal_.message());
  sink_.on_idle();
  return fatal_;
}

void Engine::apply_shared_pauses(TimePoint now) {
  if (!pauses_ || pauses_->version() == pauses_seen_) return;
  std::vector<std::pair<std::string, TimePoint>> active;
  pauses_seen_ = pauses_->read(now, active);
  for (const auto& [origin, until] : active)
    sched_.pause_origin(sched_.origin_of(origin), until);
}

void Engine::fill(TimePoint now) {
  apply_shared_pauses(now);
  TimePoint wake = TimePoint::max();
  while (!free_slots_.empty() && fatal_.is_ok()) {
    if (auto job = sched_.next(now, wake)) {
      if (Status s = start(*job, now); !s.is_ok()) fatal_ = s;
      continue;
    }
    if (sched_.rate_limited() || !intake_allowed()) break;
    intake();
  }
  // Re-arm the scheduler's timer only when its due time changed.
  if (free_slots_.empty()) wake = TimePoint::max();
  if (wake != sched_timer_at_) {
    sched_timer_at_ = wake;
    if (wake == TimePoint::max()) {
      sched_timer_.disarm();
    } else {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    wake - SteadyClock::now())
                    .count();
      sched_timer_.arm_us(std::max<std::int64_t>(us, 1));
    }
  }
}

bool Engine::intake_allowed() const {
  if (source_done_ || sched_.waiting() >= lookahead_) return false;
  // Ordered output: the reorder window is full until an earlier result comes.
  return !options_.ordered || reorder_.size() < options_.ordered_window;
}

bool Engine::pull() {
  if (!source_->next(item_, item_index_)) {
    source_done_ = true;
    return false;
  }
  // Ordered output: a place in line for this entry. Indexes the source
  // skipped (not selected) take no place, so gaps cost nothing.
  if (options_.ordered)
    reorder_.push_back(ReorderEntry{item_index_, false, {}});
  return true;
}

void Engine::intake() {
  if (!pull()) return;
  if (item_.invalid) {
    emit_unstarted(item_, ErrorKind::kInvalid, std::move(*item_.invalid));
    return;
  }
  if (auto reason = check_request(item_.request)) {
    emit_unstarted(item_, ErrorKind::kInvalid, std::move(*reason));
    return;
  }
  const std::uint32_t id = new_pending();
  Pending& p = pending_[id];
  p.request = std::move(item_.request);
  p.index = item_index_;
  p.attempts = 0;
  p.origin = sched_.origin_of(origin_of(p.request.url));
  sched_.enqueue(Job{id, p.origin});
}

Status Engine::start(const Job& job, TimePoint now) {
  Slot* slot = free_slots_.back();
  free_slots_.pop_back();
  Pending& p = pending_[job.id];
  if (p.attempts == 0) p.first_start = now;
  auto timeout = p.request.timeout.value_or(options_.timeout);
  if (options_.max_time_total.count() > 0) {
    // The per-target budget covers every attempt and every wait between.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        p.first_start + options_.max_time_total - now);
    if (left.count() <= 0) {
      free_slots_.push_back(slot);
      sched_.finish(p.origin);
      emit(p, nullptr, ErrorKind::kTimeout,
           "max total time reached before the next attempt");
      release_pending(static_cast<std::uint32_t>(job.id));
      return Status::ok();
    }
    timeout = std::min(timeout, left);
  }
  slot->pending = static_cast<std::uint32_t>(job.id);
  slot->started = now;
  slot->busy = true;
  ++p.attempts;
  // A slot's easy handle is made on first use and kept for the run.
  Status s = slot->transfer.easy()
                 ? Status::ok()
                 : slot->transfer.init(transfer_config_, slot);
  if (s.is_ok()) s = slot->transfer.prepare(p.request, timeout);
  if (s.is_ok()) s = driver_.add(slot->transfer.easy());
  if (!s.is_ok()) {
    // This request fails on its own; the run goes on.
    sched_.finish(p.origin);
    slot->busy = false;
    free_slots_.push_back(slot);
    emit(p, nullptr, ErrorKind::kOther, s.message());
    release_pending(job.id);
  }
  return Status::ok();
}

void Engine::on_transfer_done(CURL* easy, CURLcode code) {
  char* priv = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
  auto* slot = reinterpret_cast<Slot*>(priv);
  assert(slot != nullptr);
  Outcome outcome;
  slot->transfer.collect(code, outcome);
  driver_.remove(easy);
  const std::uint32_t id = slot->pending;
  slot->busy = false;
  free_slots_.push_back(slot);
  Pending& p = pending_[id];
  // Retry decision (and any Retry-After pause) before finish(): an origin
  // with nothing left is forgotten at finish(), and its pause with it.
  const bool retried = maybe_retry(id, outcome, SteadyClock::now());
  sched_.finish(p.origin);
  if (retried) return;
  const ErrorKind kind = outcome.error;
  std::string message = std::move(outcome.error_message);
  emit(p, &outcome, kind, std::move(message));
  release_pending(id);
}

bool Engine::maybe_retry(std::uint32_t id, const Outcome& outcome,
                         TimePoint now) {
  Pending& p = pending_[id];
  // Retry-After on 429/503 pauses the whole origin, retried or not: the
  // server spoke for itself, not for one request.
  const bool server_asked = outcome.retry_after_s >= 0;
  const Duration server_wait =
      server_asked ? server_delay(retry_, outcome.retry_after_s) : Duration{0};
  if (server_asked && (outcome.status == 429 || outcome.status == 503)) {
    sched_.pause_origin(p.origin, now + server_wait);
    if (pauses_)
      pauses_->post(origin_of(p.request.url), now + server_wait, now);
  }
  if (p.attempts > retry_.retries) return false;
  if (!is_retryable(outcome.error, outcome.status)) return false;
  if (!retry_.all_methods && !is_idempotent(p.request.method)) return false;
  const Duration wait =
      server_asked ? server_wait : backoff_delay(retry_, p.attempts, rng_);
  if (options_.max_time_total.count() > 0 &&
      now + wait >= p.first_start + options_.max_time_total)
    return false;  // the budget ends first: this outcome is final
  sched_.enqueue_at(Job{id, p.origin}, now + wait);
  return true;
}

Status Engine::wait_and_dispatch() {
  epoll_event events[kMaxEvents];
  sink_.on_idle();
  const int timeout = driver_.wait_ms(SteadyClock::now());
  const int n = loop_.wait(events, kMaxEvents, timeout);
  if (n < 0)
    return Status::internal(fmt::format("epoll_wait: {}", std::strerror(-n)));
  Status s;
  for (int i = 0; i < n && s.is_ok(); ++i) {
    const int fd = events[i].data.fd;
    if (fd == sched_timer_.fd()) {
      sched_timer_.acknowledge();
      sched_timer_at_ = TimePoint::max();
    } else if (fd == wakeup_.fd()) {
      wakeup_.acknowledge();
    } else if (fd == deadline_timer_.fd()) {
      deadline_timer_.acknowledge();
      deadline_passed_ = true;
    } else {
      s = driver_.on_socket_ready(fd, events[i].events);
    }
  }
  if (s.is_ok() && driver_.timer_due(SteadyClock::now()))
    s = driver_.on_timeout();
  if (s.is_ok() && driver_.watch_error())
    s = Status::internal(
        fmt::format("epoll_ctl: {}", std::strerror(driver_.watch_error())));
  return s;
}

void Engine::abort_all(ErrorKind kind, const std::string& message) {
  // In flight: take each transfer back from libcurl, then report it.
  for (Slot& slot : slots_) {
    if (!slot.busy) continue;
    slot.busy = false;
    Outcome outcome;
    slot.transfer.collect(CURLE_OK, outcome);
    driver_.remove(slot.transfer.easy());
    free_slots_.push_back(&slot);
    Pending& p = pending_[slot.pending];
    sched_.finish(p.origin);
    outcome.status = 0;
    outcome.http_version.clear();
    outcome.time.total_ms = std::chrono::duration<double, std::milli>(
                                SteadyClock::now() - slot.started)
                                .count();
    emit(p, &outcome, kind, message);
    release_pending(slot.pending);
  }
  sched_.drain([&](const Job& job) {
    emit(pending_[job.id], nullptr, kind, message);
    release_pending(static_cast<std::uint32_t>(job.id));
  });
  // Never-read input still gets one result per entry.
  while (!source_done_) {
    if (!pull()) break;
    if (item_.invalid) {
      emit_unstarted(item_, ErrorKind::kInvalid, std::move(*item_.invalid));
    } else {
      emit_unstarted(item_, kind, message);
    }
  }
}

std::uint32_t Engine::new_pending() {
  if (!free_pending_.empty()) {
    std::uint32_t id = free_pending_.back();
    free_pending_.pop_back();
    return id;
  }
  pending_.emplace_back();
  return static_cast<std::uint32_t>(pending_.size() - 1);
}

void Engine::release_pending(std::uint32_t id) {
  pending_[id].request = Request{};
  free_pending_.push_back(id);
}

void Engine::emit(Pending& p, Outcome* outcome, ErrorKind kind,
                  std::string message) {
  Result r;
  r.index = p.index;
  r.line = p.request.line;
  r.id = std::move(p.request.id);
  r.url = redact_url(p.request.url);
  r.method = std::move(p.request.method);
  r.attempts = p.attempts;
  r.error = kind;
  r.error_message = std::move(message);
  if (outcome) {
    r.status = outcome->status;
    r.bytes = outcome->bytes;
    r.http_version = outcome->http_version;
    r.time = outcome->time;
    r.body = std::move(outcome->body);
  }
  r.ok = kind == ErrorKind::kNone && is_ok_status(r.status);
  deliver(std::move(r));
}

void Engine::emit_unstarted(SourceItem& item, ErrorKind kind,
                            std::string message) {
  Result r;
  r.index = item_index_;
  r.line = item.request.line;
  r.id = std::move(item.request.id);
  r.url = redact_url(item.request.url);
  r.method = std::move(item.request.method);
  r.error = kind;
  r.error_message = std::move(message);
  deliver(std::move(r));
}

void Engine::deliver(Result&& r) {
  if (!r.ok && options_.fail_fast) fail_fast_tripped_ = true;
  if (!options_.ordered) {
    sink_.on_result(std::move(r));
    return;
  }
  // The line is sorted by index: find this result's place.
  auto it = std::lower_bound(
      reorder_.begin(), reorder_.end(), r.index,
      [](const ReorderEntry& e, std::uint64_t i) { return e.index < i; });
  assert(it != reorder_.end() && it->index == r.index);
  it->done = true;
  it->result = std::move(r);
  deliver_in_order();
}

void Engine::deliver_in_order() {
  while (!reorder_.empty() && reorder_.front().done) {
    sink_.on_result(std::move(reorder_.front().result));
    reorder_.pop_front();
  }
}

}  // namespace fanout::internal
