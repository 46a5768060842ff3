/**
 * The clock every process of the streaming benchmark stamps events with: the wall clock at
 * process start (microsecond resolution) plus the monotonic time since, so two processes on
 * the same machine agree to within microseconds, unlike process.hrtime, whose origin is
 * unspecified. Resolution: performance.now() is not coarsened in Node (sub-microsecond).
 */
export const wallNow = (): number => performance.timeOrigin + performance.now();
