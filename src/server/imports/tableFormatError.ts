/** A table file that cannot be read as a table (its type, its zip, its sheets), in zh and en. */
export class TableFormatError extends Error {
  constructor(
    readonly messageZh: string,
    messageEn: string,
  ) {
    super(messageEn);
  }
}
