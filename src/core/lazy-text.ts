/**
 * A sentence given now or as a function that formats it: a guard's or a ledger's sentence is only
 * formatted once the choice that uses it is known (issue 16).
 */
export type Text = string | (() => string);

/** The text of `text`, formatting it now when it is a function. */
export function textOf(text: Text): string {
  return typeof text === 'string' ? text : text();
}
