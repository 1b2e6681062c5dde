/** The name a statement is sent under, or undefined for an unnamed (planned every time) statement. */
export function statementName(_text: string, _values: readonly unknown[] | undefined): string | undefined {
  return undefined;
}
