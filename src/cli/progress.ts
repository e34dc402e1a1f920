/** Writes progress of named tasks to a stream: a redrawn bar on a terminal, one line per task otherwise. */
export function progressBar(stream: { write(text: string): unknown; isTTY?: boolean }, width = 30) {
  let current = '';
  let lastPct = -1;
  return {
    update(task: string, fraction: number): void {
      const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      if (task === current && pct === lastPct) return;
      if (stream.isTTY) {
        const filled = Math.round((pct / 100) * width);
        stream.write(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)} % ${task.padEnd(12)}`,
        );
      } else if (task !== current) {
        stream.write(`${task} …\n`);
      }
      current = task;
      lastPct = pct;
    },
    done(): void {
      if (stream.isTTY && current) stream.write('\r\x1b[K');
    },
  };
}
