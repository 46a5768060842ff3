/** The process's resident memory: at start and its peak, sampled every 100 ms until stopped. */
export function watchRss() {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { startMb: start / 2 ** 20, peakMb: peak / 2 ** 20, growthMb: (peak - start) / 2 ** 20 };
    },
  };
}
