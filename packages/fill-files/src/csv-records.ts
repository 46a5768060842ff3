// CSV records from text chunks, for Node and the browser alike: csv-parse needs Node's Buffer
// and streams (its browser build bundles polyfills: 215 kB unminified against ~3 kB for this),
// and fill files need only RFC 4180 with a comma. csv-records.test.ts runs the same files
// through csv-parse and this and expects the same records.

/** One record with the line it ends on, as csv-parse counts (1 is the header; a quoted newline spans lines). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** The text is not CSV (an unclosed quote, a quote in the middle of a cell). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface State {
  cells: string[];
  cell: string;
  /** Inside quotes; `quoteClosed` is a quote just seen inside them (the end, or the first of ""). */
  quoted: boolean;
  quoteClosed: boolean;
  /** The cell began with a quote, so text after its closing quote is an error. */
  wasQuoted: boolean;
  line: number;
  recordStart: number;
  afterCr: boolean;
}

function endCell(state: State) {
  state.cells.push(state.cell);
  state.cell = "";
  state.wasQuoted = false;
}

/** Empty lines (no cell at all) are skipped, as csv-parse's skip_empty_lines does. */
function endRecord(state: State, out: CsvRecord[]) {
  const empty = state.cells.length === 0 && state.cell === "" && !state.wasQuoted;
  if (!empty) {
    endCell(state);
    out.push({ cells: state.cells, line: state.line });
  }
  state.cells = [];
  state.cell = "";
  state.wasQuoted = false;
}

function readQuoted(state: State, char: string, breaksLine: boolean) {
  if (char === '"') state.quoteClosed = true;
  else {
    state.cell += char;
    if (breaksLine) state.line += 1;
  }
}

function readChar(state: State, char: string, out: CsvRecord[]) {
  // "\r\n" is one line break: the "\n" after a "\r" starts no new line.
  const crlfTail = char === "\n" && state.afterCr;
  state.afterCr = char === "\r";
  if (state.quoted && !state.quoteClosed) return readQuoted(state, char, (char === "\n" || char === "\r") && !crlfTail);
  if (state.quoteClosed) {
    state.quoteClosed = false;
    state.quoted = false;
    if (char === '"') {
      state.cell += '"';
      state.quoted = true;
      return;
    }
  }
  if (char === ",") endCell(state);
  else if (char === "\n" || char === "\r") {
    if (crlfTail) return;
    endRecord(state, out);
    state.line += 1;
    state.recordStart = state.line;
  } else if (char === '"') {
    if (state.cell !== "" || state.wasQuoted) throw new CsvSyntaxError(state.line, "a quote in the middle of a cell");
    state.quoted = true;
    state.wasQuoted = true;
  } else if (state.wasQuoted) {
    throw new CsvSyntaxError(state.line, "text after a closing quote");
  } else state.cell += char;
}

/**
 * Streams records out of text chunks (split anywhere, even inside a quote or a "\r\n"): only the
 * current record is held. A leading byte-order mark is dropped.
 */
export async function* csvRecords(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord> {
  const state: State = {
    cells: [],
    cell: "",
    quoted: false,
    quoteClosed: false,
    wasQuoted: false,
    line: 1,
    recordStart: 1,
    afterCr: false,
  };
  let first = true;
  for await (const chunk of chunks) {
    const text = first && chunk.startsWith("\ufeff") ? chunk.slice(1) : chunk;
    if (chunk) first = false;
    const out: CsvRecord[] = [];
    for (const char of text) readChar(state, char, out);
    yield* out;
  }
  if (state.quoted && !state.quoteClosed) throw new CsvSyntaxError(state.recordStart, "a quote that is never closed");
  const out: CsvRecord[] = [];
  endRecord(state, out);
  yield* out;
}
