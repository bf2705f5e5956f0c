/**
 * Why a filter is refused: its grammar, a name that is no field the registry knows (yet: dissectors register
 * fields as they arrive), or a value or operation that does not fit the field's type.
 */
export type FilterErrorReason = 'syntax' | 'unknown-field' | 'invalid';

/** A filter the language refuses, with where in the text the problem is (for a caret under it). */
export class FilterError extends Error {
  constructor(
    message: string,
    /** Offset of the offending text in the filter, in UTF-16 code units. */
    readonly start: number,
    /** Length of the offending text; 0 when the filter ends too early. */
    readonly length: number,
    readonly reason: FilterErrorReason = 'invalid',
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

/** The filter and a caret line under the offending text, as tshark prints it. */
export function caretLines(filter: string, error: FilterError): string {
  const marks = error.length > 0 ? '^' + '~'.repeat(error.length - 1) : '^';
  return `${filter}\n${' '.repeat(error.start)}${marks}`;
}
