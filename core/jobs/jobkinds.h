#pragma once

namespace studio::jobs {

class JobManager;

// Registers every job kind the app knows (import, download, tokenize) with
// the manager, so submitted and retried jobs can be rebuilt from their params.
void registerJobKinds(JobManager &manager);

} // namespace studio::jobs
