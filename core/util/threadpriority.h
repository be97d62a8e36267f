#pragma once

namespace studio::util {

// Background work yields to interactive work: the calling thread's nice
// value goes up by `steps` (Linux schedules threads one by one). When nothing
// else wants the CPU the thread still gets all of it; when the desktop, the
// remote monitor or another program wakes up, that one runs first. Threads
// of a job's own pool only: a thread cannot lower its nice value again.
void yieldToInteractiveWork(int steps = 10);

} // namespace studio::util
