// The human-readable end-of-run summary the CLI prints to stderr.
#ifndef FANOUT_SUMMARY_SUMMARY_TEXT_H_
#define FANOUT_SUMMARY_SUMMARY_TEXT_H_

#include <string>

#include "summary/summary.h"

namespace fanout::internal {

// Renders |summary| as lines like
//   Summary:
//     Requests:  100000 in 1.52 s (65789.5/s)
//     OK:        99000   Failed: 1000
//     Retries:   37
//     Status:    200: 99000   404: 500   503: 500
//     Errors:    timeout: 100   reset: 12
//     Latency:   p50 1.23 ms   p90 2.34 ms   p99 5.67 ms   max 12.3 ms
//     Bytes:     1.2 MB received
// each ending in '\n'. |wall_seconds| is the run's duration; the rate is
// omitted when it is not positive. The Retries, Status and Errors lines are
// left out when there is nothing to show; Latency reads "n/a" without
// samples. Latencies have 3 decimals below 1 ms, 2 below 10 ms, else 1;
// bytes use decimal units (1 kB = 1000 B). |color| colours the counts like
// the text records (see status_sgr); everything printed is generated here,
// nothing comes from the network.
std::string render_summary(const Summary& summary, double wall_seconds,
                           bool color);

}  // namespace fanout::internal

#endif  // FANOUT_SUMMARY_SUMMARY_TEXT_H_
