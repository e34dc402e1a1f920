import { createInterface } from 'node:readline/promises';

/** Asks questions one line at a time; answers typed (or piped) ahead of a question are kept, not lost. */
export interface Prompter {
  /** Prints the question with its default, returns the trimmed answer, the default for an empty line or at end of input. */
  ask(question: string, defaultAnswer: string): Promise<string>;
  close(): void;
}

/** A prompter on a terminal or any readable stream (node:readline). */
export function createPrompter(
  input: NodeJS.ReadableStream,
  output: { write(text: string): unknown },
): Prompter {
  const rl = createInterface({ input, terminal: false });
  // The async iterator buffers lines, so a pasted or piped block of answers is read in order.
  const lines = rl[Symbol.asyncIterator]();
  let ended = false;
  // A terminal echoes what is typed; piped answers are echoed here so the transcript reads as a dialogue.
  const echo = !(input as { isTTY?: boolean }).isTTY;
  return {
    async ask(question, defaultAnswer) {
      output.write(defaultAnswer === '' ? `${question}: ` : `${question} [${defaultAnswer}]: `);
      if (ended) {
        output.write('\n');
        return defaultAnswer;
      }
      const next = await lines.next();
      if (next.done) {
        ended = true;
        output.write('\n');
        return defaultAnswer;
      }
      const answer = String(next.value).trim();
      if (echo) output.write(`${answer}\n`);
      return answer === '' ? defaultAnswer : answer;
    },
    close() {
      rl.close();
    },
  };
}
