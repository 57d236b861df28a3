/**
 * Slack accepts about one message per second per channel. The pacer spaces the posts and updates of
 * each channel in this process so that a burst (a bulk decision) is delivered at Slack's pace instead
 * of drawing 429s; a 429 that still comes (another replica) is honoured by the outbox.
 */
export interface ChannelPacer {
  /**
   * Reserves every one of the channels now and returns 0, or reserves none and returns how many ms to
   * wait before all of them are free.
   */
  reserve(channels: readonly string[]): number;
}

export function createChannelPacer(options: { intervalMs: number; now: () => Date }): ChannelPacer {
  const nextFree = new Map<string, number>();
  return {
    reserve(channels) {
      const now = options.now().getTime();
      const wait = Math.max(0, ...channels.map((channel) => (nextFree.get(channel) ?? 0) - now));
      if (wait > 0) return wait;
      for (const channel of channels) nextFree.set(channel, now + options.intervalMs);
      // Forget channels idle for a while, so the map does not grow with every DM ever opened.
      if (nextFree.size > 10_000) {
        for (const [key, at] of nextFree) if (at < now) nextFree.delete(key);
      }
      return 0;
    },
  };
}
