// fanout: run many HTTP requests concurrently and gather one result each.
//
//   #include <fanout/fanout.h>
//   std::vector<fanout::Request> reqs =
//   {fanout::Request("http://127.0.0.1/a")}; for (const fanout::Result& r :
//   fanout::fetch_all(reqs))
//     std::printf("%d %s\n", r.status, r.url.c_str());
#ifndef FANOUT_FANOUT_H_
#define FANOUT_FANOUT_H_

#include "fanout/options.h"
#include "fanout/request.h"
#include "fanout/result.h"
#include "fanout/run.h"
#include "fanout/source.h"
#include "fanout/status.h"

namespace fanout {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace fanout

#endif  // FANOUT_FANOUT_H_
