/**
 * The window rate-limit tests count in. The limiter's windows are fixed and epoch-aligned, so a
 * test that happens to run across a window boundary sees its counters reset halfway: with a
 * 60-second window that is a few percent of runs. A day-long window moves the boundary to 00:00 UTC,
 * which a test lasting a second or two crosses about once in fifty thousand runs.
 */
export const TEST_WINDOW_SECONDS = 86_400;
